package dev.polling.epoll;

import static dev.polling.epoll.EpollFlags.EPOLLET;
import static dev.polling.epoll.EpollFlags.EPOLLHUP;
import static dev.polling.epoll.EpollFlags.EPOLLIN;
import static dev.polling.epoll.EpollFlags.EPOLLONESHOT;
import static dev.polling.epoll.EpollFlags.EPOLLOUT;
import static dev.polling.epoll.EpollFlags.EPOLL_CTL_ADD;
import static dev.polling.epoll.EpollFlags.EPOLL_CTL_DEL;
import static dev.polling.epoll.EpollFlags.EPOLL_CTL_MOD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.lenient;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

import com.kenai.jffi.MemoryIO;

import dev.polling.Backend;
import dev.polling.PollMode;
import dev.polling.spi.Interest;
import dev.polling.spi.PollerBackend;

/** EpollBackend's logic with the OS mocked: what it asks the kernel, and what it makes of the answers. */
@ExtendWith(MockitoExtension.class)
class EpollBackendTest {
    private static final MemoryIO MEMORY = MemoryIO.getInstance();
    private static final int EPFD = 5;
    private static final int EVENTFD = 6;
    private static final int FD = 10;

    /** One {@code epoll_ctl} call as the kernel would have read it. */
    private record Ctl(int op, int fd, int events, long data) {
    }

    @Mock
    private EpollNative lib;

    private final List<Ctl> ctls = new ArrayList<>();
    private final List<Long> waitBuffers = new ArrayList<>();
    private final long[] keys = new long[4];
    private final int[] readiness = new int[4];
    private EpollEventLayout layout = EpollEventLayout.PACKED;
    /** Non-zero: every epoll_ctl fails with this errno. */
    private int ctlErrno;
    /** What lastError() returns. */
    private int errno;

    @BeforeEach
    void stubTheKernel() {
        lenient().when(lib.epollCreate1(EpollFlags.EPOLL_CLOEXEC)).thenReturn(EPFD);
        lenient().when(lib.eventfd(0, EpollFlags.EFD_CLOEXEC | EpollFlags.EFD_NONBLOCK)).thenReturn(EVENTFD);
        lenient().when(lib.epollCtl(eq(EPFD), anyInt(), anyInt(), anyLong())).thenAnswer(call -> {
            long address = call.getArgument(3, Long.class);
            int events = address == 0 ? 0 : MEMORY.getInt(address);
            long data = address == 0 ? 0 : MEMORY.getLong(address + layout.dataOffset());
            ctls.add(new Ctl(call.getArgument(1, Integer.class), call.getArgument(2, Integer.class), events, data));
            if (ctlErrno == 0) {
                return 0;
            }
            errno = ctlErrno;
            return -1;
        });
        lenient().when(lib.lastError()).thenAnswer(call -> errno);
    }

    // ---- opening

    @Test
    void shouldRegisterTheWakerOnceEdgeTriggeredUnderTheReservedKey() throws IOException {
        EpollBackend backend = open();

        assertEquals(List.of(new Ctl(EPOLL_CTL_ADD, EVENTFD, EPOLLIN | EPOLLET, EpollBackend.WAKEUP_TAG)), ctls);
        assertEquals(Backend.EPOLL, backend.kind());
        assertTrue(backend.supportsLevel());
        assertTrue(backend.supportsEdge());
        assertTrue(backend.supportsRawDescriptors());
    }

    @Test
    void shouldReportAFailedEpollCreate() {
        when(lib.epollCreate1(EpollFlags.EPOLL_CLOEXEC)).thenReturn(-1);
        errno = EpollErrors.EMFILE;

        IOException e = assertThrows(IOException.class, this::open);

        assertEquals("epoll_create1: EMFILE (Too many open files)", e.getMessage());
    }

    @Test
    void shouldCloseWhatItOpenedWhenOpeningFails() {
        ctlErrno = EpollErrors.ENOMEM; // the waker's registration fails

        IOException e = assertThrows(IOException.class, this::open);

        assertTrue(e.getMessage().startsWith("epoll_ctl(ADD, wake-up fd 6): ENOMEM"), e.getMessage());
        verify(lib).close(EVENTFD);
        verify(lib).close(EPFD);
    }

    // ---- registration: flags, re-arm, errors

    @ParameterizedTest
    @EnumSource(PollMode.class)
    void shouldAddWithTheFlagsOfEachMode(PollMode mode) throws IOException {
        EpollBackend backend = open();

        backend.add(FD, 1L, Interest.READABLE, mode);

        Ctl add = lastCtl();
        assertEquals(EPOLL_CTL_ADD, add.op());
        assertEquals(FD, add.fd());
        assertEquals(EpollFlags.encode(Interest.READABLE, mode), add.events());
    }

    @Test
    void shouldEncodeInterestIntoTheEventMask() throws IOException {
        EpollBackend backend = open();

        backend.add(FD, 1L, Interest.WRITABLE, PollMode.LEVEL);
        backend.add(FD + 1, 2L, Interest.BOTH, PollMode.EDGE);
        backend.add(FD + 2, 3L, Interest.NONE, PollMode.LEVEL);

        assertEquals(EPOLLOUT, ctls.get(1).events());
        assertEquals(EPOLLIN | EPOLLOUT | EPOLLET, ctls.get(2).events());
        assertEquals(EPOLLONESHOT, ctls.get(3).events());
    }

    @Test
    void shouldRearmWithOneModCarryingTheFullMask() throws IOException {
        EpollBackend backend = open();
        backend.add(FD, 1L, Interest.READABLE, PollMode.ONESHOT);
        Ctl add = lastCtl();

        backend.modify(FD, 2L, Interest.READABLE, PollMode.ONESHOT);

        Ctl mod = lastCtl();
        assertEquals(3, ctls.size(), "one epoll_ctl per modify");
        assertEquals(EPOLL_CTL_MOD, mod.op());
        assertEquals(EPOLLIN | EPOLLONESHOT, mod.events());
        assertNotEquals(add.data(), mod.data(), "a new registration generation");
    }

    @Test
    void shouldDeleteWithoutAStruct() throws IOException {
        EpollBackend backend = open();
        backend.add(FD, 1L, Interest.READABLE, PollMode.ONESHOT);

        backend.delete(FD);

        assertEquals(new Ctl(EPOLL_CTL_DEL, FD, 0, 0), lastCtl());
    }

    @Test
    void shouldMapEexistToAlreadyRegistered() throws IOException {
        EpollBackend backend = open();
        ctlErrno = EpollErrors.EEXIST;

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> backend.add(FD, 1L, Interest.READABLE, PollMode.ONESHOT));

        assertTrue(e.getMessage().contains("already registered"), e.getMessage());
    }

    @Test
    void shouldMapEpermToIllegalArgumentAndStayUsable() throws IOException {
        EpollBackend backend = open();
        ctlErrno = EpollErrors.EPERM;

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> backend.add(FD, 1L, Interest.READABLE, PollMode.ONESHOT));
        ctlErrno = 0;
        backend.add(FD, 1L, Interest.READABLE, PollMode.ONESHOT); // the failed add left nothing behind

        assertTrue(e.getMessage().contains("epoll refuses files whose driver has no readiness to report"), e.getMessage());
    }

    @Test
    void shouldMapEbadfOfARawDescriptorToIllegalArgument() throws IOException {
        EpollBackend backend = open();
        ctlErrno = EpollErrors.EBADF;

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> backend.add(FD, 1L, Interest.READABLE, PollMode.ONESHOT));

        assertTrue(e.getMessage().contains("descriptor 10 is not an open descriptor"), e.getMessage());
    }

    @Test
    void shouldMapEbadfOfAChannelClosedMeanwhileToClosedChannel() throws IOException {
        EpollBackend backend = open();
        Pipe pipe = Pipe.open();
        pipe.source().configureBlocking(false);
        when(lib.epollCtl(eq(EPFD), eq(EPOLL_CTL_ADD), anyInt(), anyLong())).thenAnswer(call -> {
            pipe.source().close(); // another thread closes the channel just before epoll_ctl
            errno = EpollErrors.EBADF;
            return -1;
        });
        try {
            assertThrows(ClosedChannelException.class,
                    () -> backend.add(pipe.source(), 1L, Interest.READABLE, PollMode.ONESHOT));
        } finally {
            pipe.sink().close();
        }
    }

    @Test
    void shouldMapOtherErrnosToIoExceptionNamingTheCall() throws IOException {
        EpollBackend backend = open();
        backend.add(FD, 1L, Interest.READABLE, PollMode.ONESHOT);
        ctlErrno = EpollErrors.ENOMEM;

        IOException e = assertThrows(IOException.class,
                () -> backend.modify(FD, 1L, Interest.READABLE, PollMode.ONESHOT));

        assertEquals("epoll_ctl(MOD, fd 10): ENOMEM (Cannot allocate memory)", e.getMessage());
    }

    @Test
    void shouldIgnoreErrorsWhenTheSourceIsAlreadyClosed() throws IOException {
        EpollBackend backend = open();
        ctlErrno = EpollErrors.EBADF;

        backend.deregister(FD, true);

        assertEquals(EPOLL_CTL_DEL, lastCtl().op());
    }

    @Test
    void shouldTreatDeletingADescriptorClosedWithoutDeleteAsDone() throws IOException {
        EpollBackend backend = open();
        backend.add(FD, 1L, Interest.READABLE, PollMode.ONESHOT);
        ctlErrno = EpollErrors.EBADF; // closed: the kernel dropped the registration with it

        backend.delete(FD);

        ctlErrno = 0;
        backend.add(FD, 2L, Interest.READABLE, PollMode.ONESHOT); // the number is free again
    }

    @Test
    void shouldReportOtherErrorsWhenDeletingAnOpenSource() throws IOException {
        EpollBackend backend = open();
        backend.add(FD, 1L, Interest.READABLE, PollMode.ONESHOT);
        ctlErrno = EpollErrors.ENOMEM;

        assertThrows(IOException.class, () -> backend.delete(FD));
    }

    // ---- polling: events, masking, wake-up

    @Test
    void shouldReportTheUserKeyAndReadiness() throws IOException {
        EpollBackend backend = open();
        backend.add(FD, 42L, Interest.READABLE, PollMode.ONESHOT);
        kernelReturns(new int[] {EPOLLIN}, new long[] {lastCtl().data()});

        assertEquals(1, backend.poll(keys, readiness, 0));

        assertEquals(42L, keys[0]);
        assertEquals(Interest.READABLE, readiness[0]);
    }

    @Test
    void shouldMaskHangUpByTheInterest() throws IOException {
        EpollBackend backend = open();
        backend.add(FD, 1L, Interest.READABLE, PollMode.LEVEL);
        long readable = lastCtl().data();
        backend.add(FD + 1, 2L, Interest.WRITABLE, PollMode.LEVEL);
        long writable = lastCtl().data();
        backend.add(FD + 2, 3L, Interest.BOTH, PollMode.LEVEL);
        long both = lastCtl().data();
        kernelReturns(new int[] {EPOLLHUP, EPOLLHUP, EPOLLHUP}, new long[] {readable, writable, both});

        assertEquals(3, backend.poll(keys, readiness, 0));

        assertEquals(Interest.READABLE, readiness[0]);
        assertEquals(Interest.WRITABLE, readiness[1]);
        assertEquals(Interest.BOTH, readiness[2]);
    }

    @Test
    void shouldDropTheHangUpOfASourceWithNoInterest() throws IOException {
        EpollBackend backend = open();
        backend.add(FD, 1L, Interest.NONE, PollMode.LEVEL);
        kernelReturns(new int[] {EPOLLHUP}, new long[] {lastCtl().data()});

        assertEquals(0, backend.poll(keys, readiness, 0));
    }

    @Test
    void shouldDropEventsOfARegistrationChangedSinceTheKernelQueuedThem() throws IOException {
        EpollBackend backend = open();
        backend.add(FD, 1L, Interest.READABLE, PollMode.ONESHOT);
        long before = lastCtl().data();
        backend.modify(FD, 2L, Interest.READABLE, PollMode.ONESHOT);
        long after = lastCtl().data();
        kernelReturns(new int[] {EPOLLIN, EPOLLIN}, new long[] {before, after});

        assertEquals(1, backend.poll(keys, readiness, 0));

        assertEquals(2L, keys[0]);
    }

    @Test
    void shouldDropEventsOfADeletedSource() throws IOException {
        EpollBackend backend = open();
        backend.add(FD, 1L, Interest.READABLE, PollMode.LEVEL);
        long tag = lastCtl().data();
        backend.delete(FD);
        kernelReturns(new int[] {EPOLLIN}, new long[] {tag});

        assertEquals(0, backend.poll(keys, readiness, 0));
    }

    @Test
    void shouldReturnWokenWhenOnlyTheWakerFired() throws IOException {
        EpollBackend backend = open();
        backend.wakeup();
        kernelReturns(new int[] {EPOLLIN}, new long[] {EpollBackend.WAKEUP_TAG});

        assertEquals(PollerBackend.WOKEN, backend.poll(keys, readiness, -1));
    }

    @Test
    void shouldReturnUserEventsAndNotTheWakeup() throws IOException {
        EpollBackend backend = open();
        backend.add(FD, 7L, Interest.READABLE, PollMode.ONESHOT);
        kernelReturns(new int[] {EPOLLIN, EPOLLIN}, new long[] {EpollBackend.WAKEUP_TAG, lastCtl().data()});

        assertEquals(1, backend.poll(keys, readiness, -1));

        assertEquals(7L, keys[0]);
    }

    @Test
    void shouldCoalesceWakeupsUntilThePollSeesOne() throws IOException {
        EpollBackend backend = open();

        backend.wakeup();
        backend.wakeup();
        backend.wakeup();
        verify(lib, times(1)).write(eq(EVENTFD), anyLong(), eq(8L));

        kernelReturns(new int[] {EPOLLIN}, new long[] {EpollBackend.WAKEUP_TAG});
        backend.poll(keys, readiness, -1);
        backend.wakeup();

        verify(lib, times(2)).write(eq(EVENTFD), anyLong(), eq(8L));
    }

    @Test
    void shouldNeverReadTheEventfd() throws IOException {
        EpollBackend backend = open();
        backend.wakeup();
        kernelReturns(new int[] {EPOLLIN}, new long[] {EpollBackend.WAKEUP_TAG});

        backend.poll(keys, readiness, -1);

        verify(lib, never()).read(anyInt(), anyLong(), anyLong());
        assertEquals(1, ctls.size(), "the edge-triggered waker is never re-armed");
    }

    @Test
    void shouldDrainThePipeFallbackWhenWoken() throws IOException {
        when(lib.eventfd(0, EpollFlags.EFD_CLOEXEC | EpollFlags.EFD_NONBLOCK)).thenReturn(-1);
        when(lib.pipe2(anyLong(), anyInt())).thenAnswer(call -> {
            long fds = call.getArgument(0, Long.class);
            MEMORY.putInt(fds, 20);
            MEMORY.putInt(fds + 4, 21);
            return 0;
        });
        EpollBackend backend = open();
        backend.wakeup();
        kernelReturns(new int[] {EPOLLIN}, new long[] {EpollBackend.WAKEUP_TAG});

        assertEquals(PollerBackend.WOKEN, backend.poll(keys, readiness, -1));

        assertEquals(new Ctl(EPOLL_CTL_ADD, 20, EPOLLIN | EPOLLET, EpollBackend.WAKEUP_TAG), ctls.get(0));
        verify(lib).write(eq(21), anyLong(), eq(1L));
        verify(lib).read(eq(20), anyLong(), anyLong());
    }

    @Test
    void shouldReadEventsAtTheAlignedLayout() throws IOException {
        layout = EpollEventLayout.ALIGNED;
        EpollBackend backend = open();
        backend.add(FD, 100L, Interest.READABLE, PollMode.LEVEL);
        long first = lastCtl().data();
        backend.add(FD + 1, 200L, Interest.WRITABLE, PollMode.LEVEL);
        long second = lastCtl().data();
        kernelReturns(new int[] {EPOLLIN, EPOLLOUT}, new long[] {first, second});

        assertEquals(2, backend.poll(keys, readiness, 0));

        assertEquals(100L, keys[0]);
        assertEquals(200L, keys[1]);
        assertEquals(Interest.WRITABLE, readiness[1]);
    }

    @Test
    void shouldAskForAtMostTheCapacityAndReuseTheEventArray() throws IOException {
        EpollBackend backend = open();
        kernelReturns(new int[0], new long[0]);

        backend.poll(keys, readiness, 0);
        backend.poll(new long[2], new int[2], 0);
        backend.poll(keys, readiness, 0);
        backend.poll(new long[8], new int[8], 0);

        verify(lib, times(2)).epollWait(eq(EPFD), anyLong(), eq(4), eq(0));
        verify(lib).epollWait(eq(EPFD), anyLong(), eq(2), eq(0));
        verify(lib).epollWait(eq(EPFD), anyLong(), eq(8), eq(0));
        assertEquals(waitBuffers.get(0), waitBuffers.get(1), "a smaller poll reuses the array");
        assertEquals(waitBuffers.get(0), waitBuffers.get(2));
    }

    // ---- timeouts and errors of the wait

    @Test
    void shouldWaitInMillisecondsRoundedUpWithoutPwait2() throws IOException {
        EpollBackend backend = open();
        kernelReturns(new int[0], new long[0]);

        backend.poll(keys, readiness, 0);
        backend.poll(keys, readiness, -1);
        backend.poll(keys, readiness, 1);
        backend.poll(keys, readiness, 1_500_000);

        verify(lib).epollWait(eq(EPFD), anyLong(), eq(4), eq(0));
        verify(lib).epollWait(eq(EPFD), anyLong(), eq(4), eq(-1));
        verify(lib).epollWait(eq(EPFD), anyLong(), eq(4), eq(1));
        verify(lib).epollWait(eq(EPFD), anyLong(), eq(4), eq(2));
        verify(lib, never()).epollPwait2(anyInt(), anyLong(), anyInt(), anyLong());
    }

    @Test
    void shouldWaitWithANanosecondTimespecThroughPwait2() throws IOException {
        long[] timespec = new long[2];
        when(lib.epollPwait2(eq(EPFD), anyLong(), anyInt(), anyLong())).thenAnswer(call -> {
            long address = call.getArgument(3, Long.class);
            timespec[0] = MEMORY.getLong(address);
            timespec[1] = MEMORY.getLong(address + 8);
            return 0;
        });
        EpollBackend backend = EpollBackend.open(lib, layout, true);
        kernelReturns(new int[0], new long[0]);

        assertTrue(backend.usesPwait2());
        backend.poll(keys, readiness, 2_000_000_123L);

        assertEquals(2L, timespec[0]);
        assertEquals(123L, timespec[1]);
        verify(lib).epollPwait2(eq(EPFD), anyLong(), eq(4), anyLong());
        // Zero and infinite waits need no timespec: plain epoll_wait.
        backend.poll(keys, readiness, 0);
        backend.poll(keys, readiness, -1);
        verify(lib).epollWait(eq(EPFD), anyLong(), eq(4), eq(0));
        verify(lib).epollWait(eq(EPFD), anyLong(), eq(4), eq(-1));
    }

    @Test
    void shouldProbePwait2WithAZeroTimeoutBeforeAnythingIsRegistered() throws IOException {
        long[] probe = {-1, -1, -1};
        when(lib.epollPwait2(eq(EPFD), anyLong(), anyInt(), anyLong())).thenAnswer(call -> {
            long address = call.getArgument(3, Long.class);
            probe[0] = MEMORY.getLong(address);
            probe[1] = MEMORY.getLong(address + 8);
            probe[2] = ctls.size();
            return 0;
        });

        EpollBackend.open(lib, layout, true);

        assertEquals(0L, probe[0]);
        assertEquals(0L, probe[1]);
        assertEquals(0L, probe[2], "probed on the empty epoll, before the waker is registered");
    }

    @Test
    void shouldFallBackWhenTheCLibraryLacksPwait2() throws IOException {
        when(lib.epollPwait2(anyInt(), anyLong(), anyInt(), anyLong())).thenThrow(new UnsatisfiedLinkError("epoll_pwait2"));

        EpollBackend backend = EpollBackend.open(lib, layout, true);
        kernelReturns(new int[0], new long[0]);
        backend.poll(keys, readiness, 300_000);

        assertFalse(backend.usesPwait2());
        verify(lib).epollWait(eq(EPFD), anyLong(), eq(4), eq(1));
    }

    @Test
    void shouldFallBackWhenTheKernelLacksPwait2() throws IOException {
        when(lib.epollPwait2(anyInt(), anyLong(), anyInt(), anyLong())).thenReturn(-1);
        errno = EpollErrors.ENOSYS;

        EpollBackend backend = EpollBackend.open(lib, layout, true);

        assertFalse(backend.usesPwait2());
    }

    @Test
    void shouldNotTouchPwait2WhenDisabled() throws IOException {
        EpollBackend backend = EpollBackend.open(lib, layout, false);

        assertFalse(backend.usesPwait2());
        verify(lib, never()).epollPwait2(anyInt(), anyLong(), anyInt(), anyLong());
    }

    @Test
    void shouldFallBackForGoodWhenPwait2FailsWithEnosysLater() throws IOException {
        EpollBackend backend = EpollBackend.open(lib, layout, true); // the probe returns 0
        when(lib.epollPwait2(anyInt(), anyLong(), anyInt(), anyLong())).thenReturn(-1);
        errno = EpollErrors.ENOSYS;

        assertEquals(0, backend.poll(keys, readiness, 5_000_000));
        errno = 0;
        kernelReturns(new int[0], new long[0]);
        backend.poll(keys, readiness, 5_000_000);

        assertFalse(backend.usesPwait2());
        verify(lib).epollWait(eq(EPFD), anyLong(), eq(4), eq(5));
    }

    @Test
    void shouldReturnZeroOnEintr() throws IOException {
        EpollBackend backend = open();
        when(lib.epollWait(eq(EPFD), anyLong(), anyInt(), anyInt())).thenReturn(-1);
        errno = EpollErrors.EINTR;

        assertEquals(0, backend.poll(keys, readiness, -1));
    }

    @Test
    void shouldThrowOtherWaitErrorsNamingTheCall() throws IOException {
        EpollBackend backend = open();
        when(lib.epollWait(eq(EPFD), anyLong(), anyInt(), anyInt())).thenReturn(-1);
        errno = EpollErrors.EBADF;

        IOException e = assertThrows(IOException.class, () -> backend.poll(keys, readiness, -1));

        assertEquals("epoll_wait(epfd 5): EBADF (Bad file descriptor)", e.getMessage());
    }

    // ---- closing

    @Test
    void shouldCloseEachDescriptorOnceAndStopWakingUp() throws IOException {
        EpollBackend backend = open();

        backend.close();
        backend.close();
        backend.wakeup();

        verify(lib, times(1)).close(EVENTFD);
        verify(lib, times(1)).close(EPFD);
        verify(lib, never()).write(anyInt(), anyLong(), anyLong());
    }

    @Test
    void shouldReleaseEverythingEvenWhenACloseFails() throws IOException {
        EpollBackend backend = open();
        when(lib.close(EVENTFD)).thenReturn(-1);
        errno = EpollErrors.EBADF;

        IOException e = assertThrows(IOException.class, backend::close);

        assertTrue(e.getMessage().startsWith("close(eventfd)"), e.getMessage());
        verify(lib).close(EPFD);
    }

    private EpollBackend open() throws IOException {
        return EpollBackend.open(lib, layout, false);
    }

    private Ctl lastCtl() {
        return ctls.get(ctls.size() - 1);
    }

    /** Every epoll_wait from now on fills the array with these events. */
    private void kernelReturns(int[] events, long[] tags) {
        when(lib.epollWait(eq(EPFD), anyLong(), anyInt(), anyInt())).thenAnswer(call -> {
            long address = call.getArgument(1, Long.class);
            waitBuffers.add(address);
            int max = call.getArgument(2, Integer.class);
            int n = Math.min(max, events.length);
            for (int i = 0; i < n; i++) {
                long at = address + (long) i * layout.size();
                MEMORY.putInt(at, events[i]);
                MEMORY.putLong(at + layout.dataOffset(), tags[i]);
            }
            return n;
        });
    }
}
