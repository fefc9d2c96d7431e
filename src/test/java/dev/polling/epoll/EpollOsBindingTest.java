package dev.polling.epoll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.polling.spi.Binding;
import dev.polling.spi.Errno;
import dev.polling.spi.NativeBuffer;
import dev.polling.spi.Platform;
import dev.polling.testsupport.Bindings;

/**
 * Each binding's {@link EpollOs} against the real kernel: that it passes structs the way the
 * kernel lays them out ({@link EpollEventLayout}, {@code struct timespec}) and returns
 * {@code -errno} on failure.
 */
class EpollOsBindingTest {
    private static final long TAG = 0x1122_3344_5566_7788L;
    private static final int F_GETFD = 1;
    private static final int FD_CLOEXEC = 1;

    private static EpollOs os(Binding binding) {
        assumeTrue(Platform.current().os() == Platform.Os.LINUX, "epoll is Linux only");
        return Bindings.load(binding, EpollOs.class);
    }

    @ParameterizedTest
    @EnumSource(Binding.class)
    void shouldPassEpollEventAsTheKernelLaysItOut(Binding binding) {
        EpollOs os = os(binding);
        EpollEventLayout layout = EpollEventLayout.of(Platform.current());
        int epfd = os.epollCreate1(EpollFlags.EPOLL_CLOEXEC);
        int efd = os.eventfd(1, EpollFlags.EFD_CLOEXEC | EpollFlags.EFD_NONBLOCK); // readable at once
        assertTrue(epfd >= 0 && efd >= 0, "epoll " + epfd + ", eventfd " + efd);
        try (NativeBuffer event = os.allocate(layout.size()); NativeBuffer events = os.allocate(4L * layout.size())) {
            event.putInt(EpollEventLayout.EVENTS_OFFSET, EpollFlags.EPOLLIN);
            event.putLong(layout.dataOffset(), TAG);
            assertEquals(0, os.epollCtl(epfd, EpollFlags.EPOLL_CTL_ADD, efd, event));

            assertEquals(1, os.epollWait(epfd, events, 4, 5_000));
            assertEquals(EpollFlags.EPOLLIN, events.getInt(EpollEventLayout.EVENTS_OFFSET));
            assertEquals(TAG, events.getLong(layout.dataOffset()), "data.u64 read back at " + layout);
        } finally {
            assertEquals(0, os.close(efd));
            assertEquals(0, os.close(epfd));
        }
    }

    @ParameterizedTest
    @EnumSource(Binding.class)
    void shouldPassTimespecToEpollPwait2(Binding binding) {
        EpollOs os = os(binding);
        EpollEventLayout layout = EpollEventLayout.of(Platform.current());
        int epfd = os.epollCreate1(EpollFlags.EPOLL_CLOEXEC);
        try (NativeBuffer events = os.allocate(layout.size()); NativeBuffer timeout = os.allocate(16)) {
            timeout.putLong(0, 0);
            timeout.putLong(8, 2_000_000); // 2 ms: nothing is registered, so it times out
            long start = System.nanoTime();
            int n = os.epollPwait2(epfd, events, 1, timeout);
            long waited = System.nanoTime() - start;
            assumeTrue(n != -Errno.ENOSYS, "this kernel or C library has no epoll_pwait2");
            assertEquals(0, n);
            assertTrue(waited >= 2_000_000, "returned after " + waited + " ns, before the 2 ms timeout");
        } finally {
            os.close(epfd);
        }
    }

    @ParameterizedTest
    @EnumSource(Binding.class)
    void shouldReturnMinusErrnoOnFailure(Binding binding) {
        EpollOs os = os(binding);
        EpollEventLayout layout = EpollEventLayout.of(Platform.current());
        int epfd = os.epollCreate1(0);
        int efd = os.eventfd(0, EpollFlags.EFD_NONBLOCK);
        int unregistered = os.eventfd(0, 0);
        try (NativeBuffer event = os.allocate(layout.size()); NativeBuffer word = os.allocate(8)) {
            event.putInt(EpollEventLayout.EVENTS_OFFSET, EpollFlags.EPOLLIN);
            assertEquals(0, os.epollCtl(epfd, EpollFlags.EPOLL_CTL_ADD, efd, event));
            assertEquals(-Errno.EEXIST, os.epollCtl(epfd, EpollFlags.EPOLL_CTL_ADD, efd, event));
            assertEquals(-Errno.ENOENT, os.epollCtl(epfd, EpollFlags.EPOLL_CTL_MOD, unregistered, event));
            assertEquals(-Errno.EINVAL, os.epollCtl(epfd, EpollFlags.EPOLL_CTL_ADD, epfd, event), "epoll watching itself");
            assertEquals(-Errno.EBADF, os.epollCtl(epfd, EpollFlags.EPOLL_CTL_DEL, Integer.MAX_VALUE, null));
            assertEquals(-Errno.EAGAIN, os.read(efd, word, 8), "an empty non-blocking eventfd");
            word.putLong(0, 3);
            assertEquals(8, os.write(efd, word, 8));
            word.putLong(0, 0);
            assertEquals(8, os.read(efd, word, 8));
            assertEquals(3, word.getLong(0));
            assertEquals(-Errno.EBADF, os.fcntl(Integer.MAX_VALUE, F_GETFD, 0));
        } finally {
            os.close(unregistered);
            os.close(efd);
            os.close(epfd);
        }
        assertEquals(-Errno.EBADF, os.close(efd), "closed twice");
    }

    @ParameterizedTest
    @EnumSource(Binding.class)
    void shouldSetCloseOnExecAsAsked(Binding binding) {
        EpollOs os = os(binding);
        int epfd = os.epollCreate1(EpollFlags.EPOLL_CLOEXEC);
        int plain = os.eventfd(0, 0);
        try {
            assertEquals(FD_CLOEXEC, os.fcntl(epfd, F_GETFD, 0) & FD_CLOEXEC);
            assertEquals(0, os.fcntl(plain, F_GETFD, 0) & FD_CLOEXEC);
        } finally {
            os.close(plain);
            os.close(epfd);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Binding.class, names = "FFM")
    void shouldRefuseABufferTooSmallForWhatTheKernelWrites(Binding binding) {
        EpollOs os = os(binding);
        EpollEventLayout layout = EpollEventLayout.of(Platform.current());
        int epfd = os.epollCreate1(0);
        try (NativeBuffer events = os.allocate(2L * layout.size()); NativeBuffer word = os.allocate(4)) {
            assertThrows(IndexOutOfBoundsException.class, () -> os.epollWait(epfd, events, 3, 0));
            assertThrows(IndexOutOfBoundsException.class, () -> os.read(epfd, word, 8));
            assertThrows(IndexOutOfBoundsException.class, () -> os.epollCtl(epfd, EpollFlags.EPOLL_CTL_ADD, epfd, word));
        } finally {
            os.close(epfd);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Binding.class, names = "FFM")
    void shouldRefuseAClosedBuffer(Binding binding) {
        EpollOs os = os(binding);
        int epfd = os.epollCreate1(0);
        try {
            NativeBuffer events = os.allocate(64);
            events.close();
            assertThrows(IllegalStateException.class, () -> os.epollWait(epfd, events, 1, 0));
        } finally {
            os.close(epfd);
        }
    }
}
