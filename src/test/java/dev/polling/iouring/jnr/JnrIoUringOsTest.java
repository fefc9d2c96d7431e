package dev.polling.iouring.jnr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.polling.iouring.IoUringOs;
import dev.polling.iouring.RingMemory;
import dev.polling.spi.Errno;
import dev.polling.spi.FileFlags;
import dev.polling.spi.NativeBuffer;
import dev.polling.spi.Platform;
import dev.polling.testsupport.ThreadCounters;

/**
 * The JNR binding against the real C library and kernel: every call returns {@code -errno} on
 * failure, every argument arrives (mmap's sixth, the offset, and io_uring_enter's sixth, a NULL
 * signal mask, included), and a call allocates nothing.
 */
class JnrIoUringOsTest {
    private static final int IORING_OFF_CQ_RING = 0x8000000;
    private static final int IORING_REGISTER_PROBE = 8;

    private final IoUringOs os = JnrIoUringOs.load();

    @BeforeAll
    static void linux() {
        Platform p = Platform.current();
        assumeTrue(p.os() == Platform.Os.LINUX && (p.isX86_64() || p.arch().equals("aarch64")),
                "the binding's system call numbers are those of Linux on x86_64 and aarch64");
    }

    @Test
    void shouldReturnMinusErrnoFromEveryCall() {
        try (NativeBuffer buf = os.allocate(4096)) {
            assertEquals(-Errno.EBADF, os.close(Integer.MAX_VALUE));
            assertEquals(-Errno.EBADF, os.fcntl(Integer.MAX_VALUE, FileFlags.current().fGetFd(), 0));
            assertEquals(-Errno.EBADF, os.enter(-1, 0, 0, 0));
            // not -1: Linux 6.x takes -1 for operations that need no ring
            assertEquals(-Errno.EBADF, os.register(Integer.MAX_VALUE, IORING_REGISTER_PROBE, buf, 0));
            assertEquals(-Errno.EBADF, os.write(Integer.MAX_VALUE, buf, 1));
            assertEquals(-Errno.EBADF, os.mmap(4096, -1, 0));
            assertEquals(-Errno.EINVAL, os.munmap(1, 4096), "an unaligned address");
            int r = os.setup(0, buf);
            assertTrue(r == -Errno.EINVAL || r == -Errno.ENOSYS || r == -Errno.EPERM, "io_uring_setup(0 entries): " + r);
            assertThrows(UnsupportedOperationException.class, () -> os.enterWithArg(0, 0, 0, 0, buf));
            assertFalse(os.canPassEnterArg());
        }
    }

    @Test
    void shouldPassEveryArgumentOfSetupEnterAndMmap() {
        try (NativeBuffer params = os.allocate(120)) {
            int fd = os.setup(4, params);
            assumeTrue(fd >= 0, () -> "io_uring_setup refused here: " + fd);
            try {
                assertEquals(4, params.getInt(0), "sq_entries written back");
                assertTrue(os.fcntl(fd, FileFlags.current().fGetFd(), 0) >= 0);
                // GETEVENTS with min_complete 0 returns at once: the NULL sixth argument is no mask to copy.
                assertEquals(0, os.enter(fd, 0, 0, 1));
                long cqSize = params.getInt(80 + 20) + 16L * params.getInt(4);
                long address = os.mmap(cqSize, fd, IORING_OFF_CQ_RING); // the offset is the sixth argument
                assertTrue(address > 0, "mmap of the completion ring: " + address);
                RingMemory cq = os.memory(address, cqSize);
                assertEquals(params.getInt(4), cq.getInt(params.getInt(80 + 12)), "cq ring_entries seen through the mapping");
                assertEquals(0, os.munmap(address, cqSize));
            } finally {
                assertEquals(0, os.close(fd));
            }
        }
    }

    @Test
    void shouldWriteToAnEventfd() {
        int fd = os.eventfd(0, 0x80000 | 0x800);
        assertTrue(fd >= 0, "eventfd: " + fd);
        try (NativeBuffer one = os.allocate(8)) {
            one.putLong(0, 1);
            assertEquals(8, os.write(fd, one, 8));
            assertEquals(8, os.read(fd, one, 8));
            assertEquals(1, one.getLong(0));
        } finally {
            assertEquals(0, os.close(fd));
        }
    }

    @Test
    void shouldAllocateNothingPerCallOnThePathsAPollTakes() {
        // io_uring_enter (every wait and submission) and write (every wake-up); fcntl, variadic in
        // JNR-FFI, allocates, and runs once per raw-descriptor add only.
        ThreadCounters counters = new ThreadCounters();
        assumeTrue(counters.unavailableReason() == null, counters.unavailableReason());
        int fd = os.eventfd(0, 0x80000 | 0x800);
        assertTrue(fd >= 0);
        try (NativeBuffer one = os.allocate(8)) {
            one.putLong(0, 1);
            for (int i = 0; i < 20_000; i++) {
                os.enter(-1, 0, 0, 0);
                os.write(fd, one, 8);
            }
            long before = counters.allocatedBytes();
            for (int i = 0; i < 20_000; i++) {
                os.enter(-1, 0, 0, 0);
                os.write(fd, one, 8);
            }
            long allocated = counters.allocatedBytes() - before;
            assertTrue(allocated < 1024, allocated + " bytes allocated over 40,000 calls");
        } finally {
            os.close(fd);
        }
    }
}
