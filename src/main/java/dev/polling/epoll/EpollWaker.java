package dev.polling.epoll;

import java.io.IOException;
import java.lang.System.Logger.Level;

import dev.polling.spi.NativeBuffer;

/**
 * The descriptor that {@code wakeup()} writes to so that a blocked {@code epoll_wait} returns: an
 * eventfd, or a pipe where eventfd is refused (some sandboxes, e.g. gVisor or Gramine profiles).
 *
 * <p>The backend registers {@link #readFd()} once, EPOLLIN|EPOLLET: an eventfd write always
 * wakes its waiters ({@code eventfd_write} in {@code fs/eventfd.c}), so in edge mode every write is
 * a new event and the counter never needs reading or re-arming. A pipe does need draining: it
 * fills after 64 KiB of unread bytes, and kernels 5.5 to 5.13 signalled a pipe write to epoll
 * only when the pipe was empty (fixed by "pipe: make pipe writes always wake up readers").
 *
 * <p>{@link #signal()} may run on any thread (the backend's {@code WakeupLatch} keeps it from
 * running after {@link #close()}); {@link #drain()} and {@link #close()} run on the owner's thread.
 */
final class EpollWaker implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.polling");

    private final EpollNative lib;
    private final int readFd;
    private final int writeFd;
    private final boolean pipe;
    /** The native-endian u64 1 that an eventfd write adds to its counter (a pipe takes its first byte). */
    private final NativeBuffer one;
    /** Where {@link #drain()} reads a pipe into; null for an eventfd. */
    private final NativeBuffer sink;

    private EpollWaker(EpollNative lib, int readFd, int writeFd, boolean pipe) {
        this.lib = lib;
        this.readFd = readFd;
        this.writeFd = writeFd;
        this.pipe = pipe;
        this.one = NativeBuffer.allocate(8);
        this.one.putLong(0, 1L);
        this.sink = pipe ? NativeBuffer.allocate(64) : null;
    }

    /**
     * Creates an eventfd, or a non-blocking pipe if eventfd fails.
     *
     * @throws IOException if both fail (e.g. EMFILE: out of descriptors)
     */
    static EpollWaker open(EpollNative lib) throws IOException {
        int fd = lib.eventfd(0, EpollFlags.EFD_CLOEXEC | EpollFlags.EFD_NONBLOCK);
        if (fd >= 0) {
            return create(lib, fd, fd, false);
        }
        int eventfdErrno = lib.lastError();
        try (NativeBuffer fds = NativeBuffer.allocate(8)) {
            if (lib.pipe2(fds.address(), EpollFlags.O_CLOEXEC | EpollFlags.O_NONBLOCK) < 0) {
                int pipeErrno = lib.lastError();
                throw new IOException("cannot create the epoll wake-up descriptor: eventfd: "
                        + EpollErrors.describe(eventfdErrno) + "; pipe2: " + EpollErrors.describe(pipeErrno));
            }
            LOG.log(Level.DEBUG, () -> "polling: eventfd failed (" + EpollErrors.describe(eventfdErrno)
                    + "); epoll wakes up through a pipe instead");
            return create(lib, fds.getInt(0), fds.getInt(4), true);
        }
    }

    private static EpollWaker create(EpollNative lib, int readFd, int writeFd, boolean pipe) {
        try {
            return new EpollWaker(lib, readFd, writeFd, pipe);
        } catch (RuntimeException | Error e) {
            lib.close(readFd);
            if (writeFd != readFd) {
                lib.close(writeFd);
            }
            throw e;
        }
    }

    /** The descriptor to register for EPOLLIN|EPOLLET. */
    int readFd() {
        return readFd;
    }

    /** Whether this is the pipe fallback. */
    boolean isPipe() {
        return pipe;
    }

    /** Makes the read end ready (again); never blocks, never throws. */
    void signal() {
        // An eventfd write fails only when the counter would pass 2^64-2 (never, at one write per
        // wake-up); a full pipe (EAGAIN) already holds a pending wake-up. Either way: nothing to do.
        lib.write(writeFd, one.address(), pipe ? 1 : 8);
    }

    /** After the read end fired: empties a pipe so that the next write is seen; nothing for an eventfd. */
    void drain() {
        if (pipe) {
            long n;
            do {
                n = lib.read(readFd, sink.address(), sink.size());
            } while (n == sink.size());
        }
    }

    /**
     * Closes the descriptors and frees the buffers.
     *
     * @throws IOException if {@code close(2)} failed (everything is released anyway)
     */
    @Override
    public void close() throws IOException {
        one.close();
        if (sink != null) {
            sink.close();
        }
        int failedErrno = lib.close(readFd) < 0 ? lib.lastError() : 0;
        if (writeFd != readFd && lib.close(writeFd) < 0 && failedErrno == 0) {
            failedErrno = lib.lastError();
        }
        if (failedErrno != 0) {
            throw EpollErrors.failed("close(" + (pipe ? "wake-up pipe" : "eventfd") + ")", failedErrno);
        }
    }
}
