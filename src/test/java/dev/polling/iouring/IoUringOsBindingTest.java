package dev.polling.iouring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.abort;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.polling.spi.Binding;
import dev.polling.spi.Errno;
import dev.polling.spi.FileFlags;
import dev.polling.spi.NativeBuffer;
import dev.polling.spi.Platform;
import dev.polling.testsupport.AllocationWorkload;
import dev.polling.testsupport.Bindings;
import dev.polling.testsupport.FreshJvmAllocation;

/**
 * Each binding's {@link IoUringOs} against the real C library and kernel: every call returns
 * {@code -errno} on failure, every argument arrives (mmap's sixth, the offset; io_uring_enter's
 * sixth, a NULL signal mask; with the wait argument, its seventh), and the calls a poll makes
 * allocate nothing. A binding this JVM cannot load is skipped, saying why.
 */
class IoUringOsBindingTest {
    private static IoUringOs os(Binding binding) {
        Platform p = Platform.current();
        assumeTrue(p.os() == Platform.Os.LINUX && (p.isX86_64() || p.arch().equals("aarch64")),
                "the bindings' system call numbers are those of Linux on x86_64 and aarch64");
        return Bindings.load(binding, IoUringOs.class); // skips only where the binding cannot work (say, FFM on 17)
    }

    /** A ring of four entries, or the test is skipped where the kernel refuses io_uring. */
    private static int ring(IoUringOs os, NativeBuffer params) {
        int fd = os.setup(4, params);
        assumeTrue(fd >= 0, () -> "io_uring_setup refused here: " + IoUringErrors.describe(-fd));
        return fd;
    }

    @ParameterizedTest
    @EnumSource(Binding.class)
    void shouldReturnMinusErrnoFromEveryCall(Binding binding) {
        IoUringOs os = os(binding);
        try (NativeBuffer buf = os.allocate(4096)) {
            assertEquals(-Errno.EBADF, os.close(Integer.MAX_VALUE));
            assertEquals(-Errno.EBADF, os.fcntl(Integer.MAX_VALUE, FileFlags.current().fGetFd(), 0));
            assertEquals(-Errno.EBADF, os.enter(-1, 0, 0, 0));
            // not -1: Linux 6.x takes -1 for operations that need no ring
            assertEquals(-Errno.EBADF, os.register(Integer.MAX_VALUE, IoUringAbi.IORING_REGISTER_PROBE, buf, 0));
            assertEquals(-Errno.EBADF, os.write(Integer.MAX_VALUE, buf, 1));
            assertEquals(-Errno.EBADF, os.mmap(4096, -1, 0));
            assertEquals(-Errno.EINVAL, os.munmap(1, 4096), "an unaligned address");
            int r = os.setup(0, buf);
            assertTrue(r == -Errno.EINVAL || r == -Errno.ENOSYS || r == -Errno.EPERM, "io_uring_setup(0 entries): " + r);
        }
    }

    @ParameterizedTest
    @EnumSource(Binding.class)
    void shouldPassEveryArgumentOfSetupEnterAndMmap(Binding binding) {
        IoUringOs os = os(binding);
        try (NativeBuffer params = os.allocate(IoUringAbi.PARAMS_SIZE)) {
            int fd = ring(os, params);
            try {
                assertEquals(4, params.getInt(IoUringAbi.PARAMS_SQ_ENTRIES), "sq_entries written back");
                assertTrue(os.fcntl(fd, FileFlags.current().fGetFd(), 0) >= 0);
                // GETEVENTS with min_complete 0 returns at once: the NULL sixth argument is no mask to copy.
                assertEquals(0, os.enter(fd, 0, 0, IoUringAbi.IORING_ENTER_GETEVENTS));
                long cqOff = IoUringAbi.PARAMS_CQ_OFF;
                int cqEntries = params.getInt(IoUringAbi.PARAMS_CQ_ENTRIES);
                long cqSize = params.getInt(cqOff + IoUringAbi.CQ_OFF_CQES) + 16L * cqEntries;
                long address = os.mmap(cqSize, fd, IoUringAbi.IORING_OFF_CQ_RING); // the offset is the sixth argument
                assertTrue(address > 0, "mmap of the completion ring: " + address);
                NativeBuffer cq = os.memory(address, cqSize);
                int entriesOffset = params.getInt(cqOff + IoUringAbi.CQ_OFF_RING_ENTRIES);
                assertEquals(cqEntries, cq.getIntAcquire(entriesOffset), "cq ring_entries seen through the mapping");
                cq.close();
                assertThrows(IllegalStateException.class, () -> cq.getInt(entriesOffset), "a closed view refuses access");
                assertEquals(0, os.munmap(address, cqSize));
            } finally {
                assertEquals(0, os.close(fd));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Binding.class)
    void shouldWaitNoLessThanTheTimeoutPassedAsTheWaitArgument(Binding binding) {
        IoUringOs os = os(binding);
        try (NativeBuffer params = os.allocate(IoUringAbi.PARAMS_SIZE);
             NativeBuffer ts = os.allocate(16);
             NativeBuffer arg = os.allocate(IoUringAbi.GETEVENTS_ARG_SIZE)) {
            if (!os.canPassEnterArg()) {
                assertThrows(UnsupportedOperationException.class, () -> os.enterWithArg(0, 0, 1, 0, arg));
                abort(binding + " cannot pass io_uring_enter's wait argument: timed waits use IORING_OP_TIMEOUT");
            }
            int fd = ring(os, params);
            try {
                assumeTrue((params.getInt(IoUringAbi.PARAMS_FEATURES) & IoUringAbi.IORING_FEAT_EXT_ARG) != 0,
                        "this kernel has no IORING_FEAT_EXT_ARG (Linux 5.11)");
                ts.putLong(0, 0);
                ts.putLong(8, 2_000_000);
                arg.putLong(IoUringAbi.GETEVENTS_ARG_TS, ts.address());
                long start = System.nanoTime();
                int r = os.enterWithArg(fd, 0, 1, IoUringAbi.IORING_ENTER_GETEVENTS | IoUringAbi.IORING_ENTER_EXT_ARG, arg);
                long waited = System.nanoTime() - start;
                assertEquals(-IoUringErrors.ETIME, r, "an empty ring times out");
                assertTrue(waited >= 2_000_000, "returned after " + waited + " ns, before the 2 ms timeout");
            } finally {
                os.close(fd);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Binding.class)
    void shouldAllocateNothingPerCallOnThePathsAPollTakes(Binding binding) throws Exception {
        os(binding); // skips where the binding cannot load
        FreshJvmAllocation.Result r = FreshJvmAllocation.measure(PollPathCalls.class, binding.name(), 1024, Map.of());
        assertTrue(r.bytes() < 1024, r + ": io_uring_enter or write allocates");
    }

    /**
     * io_uring_enter (every wait and submission) and write (every wake-up) on one binding, for
     * {@link FreshJvmAllocation}. fcntl, variadic, allocates in JNR-FFI; it runs once per
     * raw-descriptor add only.
     */
    static final class PollPathCalls implements AllocationWorkload {
        private static final int CALLS = 20_000;
        private final IoUringOs os;
        private final int fd;
        private final NativeBuffer one;

        PollPathCalls(String binding) {
            os = Binding.valueOf(binding).load(IoUringOs.class);
            fd = os.eventfd(0, IoUringAbi.EFD_CLOEXEC | IoUringAbi.EFD_NONBLOCK);
            if (fd < 0) {
                throw new IllegalStateException("eventfd: " + fd);
            }
            one = os.allocate(8);
            one.putLong(0, 1);
        }

        @Override
        public long window() {
            for (int i = 0; i < CALLS; i++) {
                os.enter(-1, 0, 0, 0);
                os.write(fd, one, 8);
            }
            return 2L * CALLS;
        }

        @Override
        public void close() {
            one.close();
            os.close(fd);
        }
    }
}
