package dev.polling.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.polling.spi.NativeBuffer;
import dev.polling.spi.Platform;

/** The binding against the real C library: these are the calls the backend makes. Linux only. */
class JnrPollSyscallsTest {
    private static final PollAbi ABI = PollAbi.LINUX;
    private JnrPollSyscalls sys;
    private NativeBuffer buffer;
    private final int[] pipe = {-1, -1};

    @BeforeEach
    void load() {
        assumeTrue(Platform.current().os() == Platform.Os.LINUX, "these checks use Linux's numbers; this is "
                + System.getProperty("os.name"));
        sys = JnrPollSyscalls.load(ABI);
        buffer = NativeBuffer.allocate(64);
        assertEquals(0, sys.pipe2(pipe, ABI.pipe2Flags));
    }

    @AfterEach
    void release() {
        if (buffer != null) {
            buffer.close();
            sys.close(pipe[0]);
            sys.close(pipe[1]);
        }
    }

    @Test
    void shouldCreateANonBlockingCloseOnExecPipe() {
        assertEquals(ABI.oNonblock, sys.fcntl(pipe[0], ABI.fGetFl, 0) & ABI.oNonblock);
        assertEquals(ABI.oNonblock, sys.fcntl(pipe[1], ABI.fGetFl, 0) & ABI.oNonblock);
        assertEquals(ABI.fdCloexec, sys.fcntl(pipe[0], ABI.fGetFd, 0) & ABI.fdCloexec);
        assertEquals(ABI.fdCloexec, sys.fcntl(pipe[1], ABI.fGetFd, 0) & ABI.fdCloexec);
    }

    @Test
    void shouldPollThroughThePollfdLayout() {
        buffer.putInt(0, pipe[0]);
        buffer.putShort(4, ABI.pollIn);
        assertEquals(0, sys.poll(buffer.address(), 1, 0));
        buffer.putByte(32, (byte) 1);
        assertEquals(1, sys.write(pipe[1], buffer.address() + 32, 1));
        assertEquals(1, sys.poll(buffer.address(), 1, 0));
        assertEquals(ABI.pollIn, buffer.getShort(6));
    }

    @Test
    void shouldReportEagainOnAnEmptyNonBlockingRead() {
        assertEquals(-1, sys.read(pipe[0], buffer.address() + 32, 8));
        assertEquals(ABI.eagain, sys.errno());
    }

    @Test
    void shouldReportPollnvalForAClosedDescriptor() {
        int[] other = new int[2];
        assertEquals(0, sys.pipe2(other, ABI.pipe2Flags));
        sys.close(other[0]);
        sys.close(other[1]);
        buffer.putInt(0, other[0]);
        buffer.putShort(4, ABI.pollIn);
        assertEquals(1, sys.poll(buffer.address(), 1, 0));
        assertEquals(ABI.pollNval, buffer.getShort(6));
    }

    @Test
    void shouldSaveErrnoAndDescribeIt() {
        assertEquals(-1, sys.close(Integer.MAX_VALUE));
        int errno = sys.errno();
        assertEquals(9, errno);
        assertEquals("EBADF", ABI.errnoName(errno));
        assertFalse(sys.strerror(errno).isBlank());
    }
}
