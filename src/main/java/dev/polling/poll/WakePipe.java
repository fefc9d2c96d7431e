package dev.polling.poll;

import java.io.IOException;

import dev.polling.spi.NativeBuffer;

/**
 * The self-pipe that interrupts a blocked {@code poll(2)}: its read end sits at index 0 of the
 * pollfd array; any thread writes one byte to wake the poller, which drains the pipe. Both ends
 * are non-blocking and close-on-exec. The pipe is only a doorbell: why it rang (a user
 * {@code wakeup()} or an internal change of the registrations) is kept in flags by the backend.
 *
 * <p>{@link #signal()} may run on any thread; {@link #drain()} and {@link #close()} on the
 * polling thread only, and {@code close()} only once no signal can be in flight.
 */
final class WakePipe implements AutoCloseable {
    /** Bytes taken per read(2) when draining; a wake-up leaves one or two bytes, rarely more. */
    static final int DRAIN_CHUNK = 64;
    private static final long WRITE_BYTE = 0;
    private static final long READ_AREA = 8;

    private final PollSyscalls sys;
    private final PollAbi abi;
    private final int readFd;
    private final int writeFd;
    /** One constant byte to write at {@link #WRITE_BYTE}, and a drain area at {@link #READ_AREA}. */
    private final NativeBuffer scratch;

    private WakePipe(PollSyscalls sys, PollAbi abi, int readFd, int writeFd) {
        this.sys = sys;
        this.abi = abi;
        this.readFd = readFd;
        this.writeFd = writeFd;
        this.scratch = NativeBuffer.allocate(READ_AREA + DRAIN_CHUNK);
        scratch.putByte(WRITE_BYTE, (byte) 1);
    }

    /**
     * Creates the pipe: {@code pipe2(O_NONBLOCK|O_CLOEXEC)} where the OS has it, else
     * {@code pipe} then {@code fcntl} on each end.
     *
     * @throws IOException naming the call and errno if the OS refuses (e.g. EMFILE)
     */
    static WakePipe open(PollSyscalls sys, PollAbi abi) throws IOException {
        int[] fds = new int[2];
        if (abi.pipe2Flags != 0 && tryPipe2(sys, fds, abi.pipe2Flags)) {
            return new WakePipe(sys, abi, fds[0], fds[1]);
        }
        if (sys.pipe(fds) != 0) {
            throw OsErrors.failed("pipe()", sys.errno(), abi, sys);
        }
        try {
            // Between pipe() and FD_CLOEXEC a concurrent fork+exec could inherit the ends; the JDK's
            // process launcher closes every inherited descriptor in the child, so nothing leaks.
            configure(sys, abi, fds[0]);
            configure(sys, abi, fds[1]);
        } catch (IOException | RuntimeException e) {
            sys.close(fds[0]);
            sys.close(fds[1]);
            throw e;
        }
        return new WakePipe(sys, abi, fds[0], fds[1]);
    }

    /** The descriptor to poll for readability. */
    int readFd() {
        return readFd;
    }

    /** The descriptor wake-ups are written to. */
    int writeFd() {
        return writeFd;
    }

    /**
     * Writes one byte. Never throws: EAGAIN means the pipe is full, so the poller wakes anyway;
     * EINTR is retried; nothing else can fail on an open pipe whose read end is open.
     */
    void signal() {
        while (sys.write(writeFd, scratch.address() + WRITE_BYTE, 1) < 0 && sys.errno() == abi.eintr) {
            // interrupted before anything was written: write again
        }
    }

    /**
     * Reads until the pipe is empty. A short read proves it: read(2) on a pipe returns what is
     * there, up to the count, so fewer bytes than asked means nothing was left (this saves the
     * extra read that would only return EAGAIN).
     *
     * @throws IOException if read(2) fails with anything but EAGAIN/EWOULDBLOCK/EINTR
     */
    void drain() throws IOException {
        long buffer = scratch.address() + READ_AREA;
        for (;;) {
            int n = sys.read(readFd, buffer, DRAIN_CHUNK);
            if (n == DRAIN_CHUNK) {
                continue;
            }
            if (n >= 0) {
                return;
            }
            int errno = sys.errno();
            if (abi.isWouldBlock(errno)) {
                return;
            }
            if (errno != abi.eintr) {
                throw OsErrors.failed("read(wake pipe fd " + readFd + ")", errno, abi, sys);
            }
        }
    }

    /**
     * Closes both ends and frees the scratch memory, even if a close fails.
     *
     * @throws IOException naming the first close that failed
     */
    @Override
    public void close() throws IOException {
        IOException failure = closeFd(readFd, null);
        failure = closeFd(writeFd, failure);
        scratch.close();
        if (failure != null) {
            throw failure;
        }
    }

    private IOException closeFd(int fd, IOException earlier) {
        if (sys.close(fd) == 0 || earlier != null) {
            return earlier;
        }
        // EINTR from close(2) still releases the descriptor on Linux, the BSDs and macOS: never retry it.
        int errno = sys.errno();
        return errno == abi.eintr ? null : OsErrors.failed("close(wake pipe fd " + fd + ")", errno, abi, sys);
    }

    private static boolean tryPipe2(PollSyscalls sys, int[] fds, int flags) {
        try {
            return sys.pipe2(fds, flags) == 0;
        } catch (UnsatisfiedLinkError missing) {
            return false; // a C library without pipe2: fall back to pipe + fcntl
        }
    }

    private static void configure(PollSyscalls sys, PollAbi abi, int fd) throws IOException {
        int flags = sys.fcntl(fd, abi.fGetFl, 0);
        if (flags < 0) {
            throw OsErrors.failed("fcntl(fd " + fd + ", F_GETFL)", sys.errno(), abi, sys);
        }
        if (sys.fcntl(fd, abi.fSetFl, flags | abi.oNonblock) < 0) {
            throw OsErrors.failed("fcntl(fd " + fd + ", F_SETFL, O_NONBLOCK)", sys.errno(), abi, sys);
        }
        if (sys.fcntl(fd, abi.fSetFd, abi.fdCloexec) < 0) {
            throw OsErrors.failed("fcntl(fd " + fd + ", F_SETFD, FD_CLOEXEC)", sys.errno(), abi, sys);
        }
    }
}
