package dev.polling.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.polling.spi.Binding;
import dev.polling.spi.Errno;
import dev.polling.spi.FileFlags;
import dev.polling.spi.NativeBuffer;
import dev.polling.spi.Platform;

/** The JNR binding against the real C library, found through the binding seam: the calls the backend makes. Linux only. */
class JnrPollOsTest {
    private static final PollAbi ABI = PollAbi.LINUX;
    private static final FileFlags FLAGS = FileFlags.current();
    private PollOs os;
    private NativeBuffer pollfd;
    private NativeBuffer bytes;
    private NativeBuffer fds;

    @BeforeEach
    void load() {
        assumeTrue(Platform.current().os() == Platform.Os.LINUX, "these checks use Linux's numbers; this is "
                + System.getProperty("os.name"));
        os = Binding.JNR.load(PollOs.class, PollAbi.class, ABI);
        pollfd = os.allocate(8);
        bytes = os.allocate(8);
        fds = os.allocate(8);
        assertEquals(0, os.pipe2(fds, FLAGS.pipe2Flags()));
    }

    @AfterEach
    void release() {
        if (pollfd != null) {
            os.close(fds.getInt(0));
            os.close(fds.getInt(4));
            pollfd.close();
            bytes.close();
            fds.close();
        }
    }

    @Test
    void shouldCreateANonBlockingCloseOnExecPipe() {
        for (int fd : new int[] {fds.getInt(0), fds.getInt(4)}) {
            assertEquals(FLAGS.oNonblock(), os.fcntl(fd, FLAGS.fGetFl(), 0) & FLAGS.oNonblock());
            assertEquals(FLAGS.fdCloexec(), os.fcntl(fd, FLAGS.fGetFd(), 0) & FLAGS.fdCloexec());
        }
    }

    @Test
    void shouldPollThroughThePollfdLayout() {
        pollfd.putInt(PollFdArray.FD, fds.getInt(0));
        pollfd.putShort(PollFdArray.EVENTS, ABI.pollIn);
        assertEquals(0, os.poll(pollfd, 1, 0));
        bytes.putByte(0, (byte) 1);
        assertEquals(1, os.write(fds.getInt(4), bytes, 1));
        assertEquals(1, os.poll(pollfd, 1, 0));
        assertEquals(ABI.pollIn, pollfd.getShort(PollFdArray.REVENTS));
        assertEquals(1, os.read(fds.getInt(0), bytes, 8));
    }

    @Test
    void shouldReturnMinusEagainOnAnEmptyNonBlockingRead() {
        assertEquals(-Errno.EAGAIN, os.read(fds.getInt(0), bytes, 8));
    }

    @Test
    void shouldReportPollnvalForAClosedDescriptor() {
        try (NativeBuffer other = os.allocate(8)) {
            assertEquals(0, os.pipe2(other, FLAGS.pipe2Flags()));
            os.close(other.getInt(0));
            os.close(other.getInt(4));
            pollfd.putInt(PollFdArray.FD, other.getInt(0));
            pollfd.putShort(PollFdArray.EVENTS, ABI.pollIn);
            assertEquals(1, os.poll(pollfd, 1, 0));
            assertEquals(ABI.pollNval, pollfd.getShort(PollFdArray.REVENTS));
        }
    }

    @Test
    void shouldReturnMinusErrnoOnFailure() {
        assertEquals(-Errno.EBADF, os.close(Integer.MAX_VALUE));
        assertEquals(-Errno.EBADF, os.fcntl(Integer.MAX_VALUE, FLAGS.fGetFd(), 0));
    }

    @Test
    void shouldRefuseACountPastTheBuffer() {
        org.junit.jupiter.api.Assertions.assertThrows(IndexOutOfBoundsException.class,
                () -> os.read(fds.getInt(0), bytes, 9));
    }
}
