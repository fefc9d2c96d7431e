package dev.polling.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.polling.testsupport.FakeUnixOs;

/** The shared wake-up pipe (and eventfd) against a fake kernel. */
class WakePipeTest {
    private static final FileFlags LINUX = FileFlags.of(Platform.of("Linux", "6.1", "amd64"), "Linux");
    private static final FileFlags BSD = FileFlags.of(Platform.of("FreeBSD", "14.0", "amd64"), "FreeBSD");

    /** The shared fake with nothing of a backend's own. */
    private static final class FakeOs extends FakeUnixOs {
        long eventfdValue = -1;

        @Override
        protected int writeOther(int fd, NativeBuffer buf, int count) {
            eventfdValue = buf.getLong(0);
            return count;
        }
    }

    private final FakeOs os = new FakeOs();

    @Test
    void shouldCreateTheLinuxPipeAtomicallyNonBlockingAndCloseOnExec() throws IOException {
        try (WakePipe pipe = WakePipe.open(os, LINUX)) {
            assertEquals(List.of("pipe2(" + (0x800 | 0x8_0000) + ")"), os.calls);
            assertEquals(20, pipe.readFd());
            assertEquals(21, pipe.writeFd());
            assertTrue(pipe.isPipe());
        }
    }

    @Test
    void shouldFallBackToPipeAndFcntlWhereThereIsNoPipe2() throws IOException {
        os.hasPipe2 = false;
        try (WakePipe pipe = WakePipe.open(os, LINUX)) {
            assertEquals(List.of("pipe2(" + (0x800 | 0x8_0000) + ")", "pipe()",
                    "fcntl(20, 3, 0)", "fcntl(20, 4, 2048)", "fcntl(20, 2, 1)",
                    "fcntl(21, 3, 0)", "fcntl(21, 4, 2048)", "fcntl(21, 2, 1)"), os.calls);
        }
    }

    @Test
    void shouldUsePipeAndFcntlWithTheOsOwnNonBlockFlag() throws IOException {
        try (WakePipe pipe = WakePipe.open(os, BSD)) {
            assertEquals("pipe()", os.calls.get(0));
            assertEquals("fcntl(20, 4, 4)", os.calls.get(2));
        }
    }

    @Test
    void shouldCloseBothEndsWhenConfiguringFails() {
        os.failNext("fcntl", Errno.EBADF);

        IOException e = assertThrows(IOException.class, () -> WakePipe.open(os, BSD));

        assertEquals("fcntl(fd 20, F_GETFL): EBADF (Bad file descriptor)", e.getMessage());
        assertEquals(List.of(20, 21), os.closes);
    }

    @Test
    void shouldNameTheCallWhenThePipeCannotBeCreated() {
        os.failNext("pipe", Errno.EMFILE);

        IOException e = assertThrows(IOException.class, () -> WakePipe.open(os, BSD));

        assertEquals("pipe(): EMFILE (Too many open files)", e.getMessage());
    }

    @Test
    void shouldSignalOneByteAndRetryAfterEintr() throws IOException {
        try (WakePipe pipe = WakePipe.open(os, LINUX)) {
            os.failNext("write", Errno.EINTR);

            assertEquals(0, pipe.signal());

            assertEquals(2, os.writeCount(21));
            assertEquals(1, os.pipeBytes.get(20));
        }
    }

    @Test
    void shouldCountAFullPipeAsSignalledAndReportOtherFailures() throws IOException {
        try (WakePipe pipe = WakePipe.open(os, LINUX)) {
            os.failNext("write", Errno.EAGAIN);
            assertEquals(0, pipe.signal(), "a full pipe already holds a wake-up");
            os.failNext("write", Errno.EBADF);
            assertEquals(-Errno.EBADF, pipe.signal());
        }
    }

    @Test
    void shouldDrainUntilAShortRead() throws IOException {
        try (WakePipe pipe = WakePipe.open(os, LINUX)) {
            os.pipeBytes.put(20, WakePipe.DRAIN_CHUNK + 3);

            pipe.drain();

            assertEquals(0, os.pipeBytes.get(20));
            assertEquals(2, os.reads.size(), "a full chunk, then a short read proves the pipe empty");
        }
    }

    @Test
    void shouldStopDrainingAtEagainAndRetryEintr() throws IOException {
        try (WakePipe pipe = WakePipe.open(os, LINUX)) {
            os.failNext("read", Errno.EINTR);

            pipe.drain();

            assertEquals(2, os.reads.size(), "EINTR, then EAGAIN on the empty pipe");
        }
    }

    @Test
    void shouldReportAFailedDrain() throws IOException {
        try (WakePipe pipe = WakePipe.open(os, LINUX)) {
            os.failNext("read", Errno.EBADF);

            IOException e = assertThrows(IOException.class, pipe::drain);

            assertEquals("read(wake-up pipe fd 20): EBADF (Bad file descriptor)", e.getMessage());
        }
    }

    @Test
    void shouldSignalAnEventfdWithEightBytesOfOneAndNeverReadIt() throws IOException {
        try (WakePipe eventfd = WakePipe.ofEventFd(os, 6)) {
            assertFalse(eventfd.isPipe());
            assertEquals(6, eventfd.readFd());
            assertEquals(6, eventfd.writeFd());

            eventfd.signal();
            eventfd.drain();

            assertEquals(8, os.writes.get(0)[1]);
            assertEquals(1L, os.eventfdValue);
            assertEquals(0, os.reads.size());
        }
        assertEquals(List.of(6), os.closes, "one descriptor, closed once");
    }

    @Test
    void shouldCloseBothEndsEvenWhenOneCloseFails() throws IOException {
        WakePipe pipe = WakePipe.open(os, LINUX);
        os.failNext("close", Errno.current().value("EIO"));

        IOException e = assertThrows(IOException.class, pipe::close);

        assertEquals("close(wake-up pipe fd 20): EIO (Input/output error)", e.getMessage());
        assertEquals(List.of(20, 21), os.closes);
    }

    @Test
    void shouldNotReportEintrFromClose() throws IOException {
        WakePipe pipe = WakePipe.open(os, LINUX);
        os.failNext("close", Errno.EINTR);

        pipe.close(); // the descriptor is released anyway: never retried

        assertEquals(List.of(20, 21), os.closes);
    }
}
