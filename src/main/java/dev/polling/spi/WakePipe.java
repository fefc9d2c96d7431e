package dev.polling.spi;

import java.io.IOException;

/**
 * The descriptor that {@code wakeup()} writes to so that a blocked wait returns: the one wake-up
 * mechanism of every Unix backend that has none of its own (POLL always; EPOLL, whose Linux
 * eventfd it also wraps; KQUEUE where {@code EVFILT_USER} is missing).
 *
 * <p>Two kinds, one interface:
 * <ul>
 *   <li>a <b>pipe</b>, non-blocking and close-on-exec at both ends: {@link #signal()} writes one
 *       byte, {@link #drain()} reads until the pipe is empty. It must be drained: it fills after
 *       64 KiB of unread bytes, and Linux 5.5 to 5.13 signalled a pipe write to epoll only when
 *       the pipe was empty ("pipe: make pipe writes always wake up readers");</li>
 *   <li>an <b>eventfd</b> (Linux), registered edge-triggered: every write wakes its waiters
 *       ({@code eventfd_write} in {@code fs/eventfd.c}), so in edge mode each write is a new event
 *       and the counter is never read; {@link #drain()} does nothing.</li>
 * </ul>
 * The descriptor is only a doorbell: why it rang is the backend's to track ({@link WakeupLatch}).
 *
 * <p>{@link #signal()} may run on any thread; {@link #drain()} and {@link #close()} on the owner's
 * thread, and {@code close()} only once no signal can be in flight ({@link WakeupLatch#closeAndAwaitSignals()}).
 */
public final class WakePipe implements WakeupLatch.Signal, AutoCloseable {
    /** Bytes taken per read(2) when draining; a wake-up leaves one or two bytes, rarely more. */
    public static final int DRAIN_CHUNK = 64;

    private final UnixOs os;
    private final int readFd;
    private final int writeFd;
    private final boolean eventFd;
    /** The native-endian u64 1 that an eventfd write adds to its counter (a pipe takes its first byte). */
    private final NativeBuffer one;
    /** Where {@link #drain()} reads a pipe into; null for an eventfd. */
    private final NativeBuffer sink;

    private WakePipe(UnixOs os, int readFd, int writeFd, boolean eventFd) {
        this.os = os;
        this.readFd = readFd;
        this.writeFd = writeFd;
        this.eventFd = eventFd;
        NativeBuffer first = null;
        try {
            first = os.allocate(8);
            first.putLong(0, 1L);
            this.one = first;
            this.sink = eventFd ? null : os.allocate(DRAIN_CHUNK);
        } catch (RuntimeException | Error e) {
            if (first != null) {
                first.close();
            }
            os.close(readFd);
            if (writeFd != readFd) {
                os.close(writeFd);
            }
            throw e;
        }
    }

    /**
     * A new pipe: {@code pipe2(O_NONBLOCK|O_CLOEXEC)} where {@code flags} says the OS has it, else
     * {@code pipe} then {@code fcntl} on each end.
     *
     * @throws IOException naming the call and errno if the OS refuses (e.g. EMFILE)
     */
    public static WakePipe open(UnixOs os, FileFlags flags) throws IOException {
        int readFd;
        int writeFd;
        try (NativeBuffer fds = os.allocate(8)) {
            if (flags.pipe2Flags() == 0 || os.pipe2(fds, flags.pipe2Flags()) != 0) {
                // no pipe2 here (or it failed, e.g. ENOSYS in an old C library): pipe, then fcntl
                int r = os.pipe(fds);
                if (r != 0) {
                    throw Errno.failed("pipe()", -r);
                }
                try {
                    // Between pipe() and FD_CLOEXEC a concurrent fork+exec could inherit the ends;
                    // the JDK's process launcher closes every inherited descriptor in the child.
                    configure(os, flags, fds.getInt(0));
                    configure(os, flags, fds.getInt(4));
                } catch (IOException | RuntimeException e) {
                    os.close(fds.getInt(0));
                    os.close(fds.getInt(4));
                    throw e;
                }
            }
            readFd = fds.getInt(0);
            writeFd = fds.getInt(4);
        }
        return new WakePipe(os, readFd, writeFd, false);
    }

    /**
     * Wraps an eventfd the caller created (non-blocking, close-on-exec) and registers edge-triggered:
     * never drained. Closes it if the wrapper cannot be built.
     */
    public static WakePipe ofEventFd(UnixOs os, int eventFd) {
        return new WakePipe(os, eventFd, eventFd, true);
    }

    /** The descriptor to watch for readability. */
    public int readFd() {
        return readFd;
    }

    /** The descriptor wake-ups are written to (the eventfd itself, or the pipe's write end). */
    public int writeFd() {
        return writeFd;
    }

    /** Whether this is a pipe (else an eventfd). */
    public boolean isPipe() {
        return !eventFd;
    }

    /**
     * Makes the read end ready (again); never blocks, never throws. EINTR is retried; a full pipe
     * (EAGAIN) already holds a pending wake-up, which counts as success.
     *
     * @return 0, or {@code -errno} if the write failed for another reason (nothing was signalled)
     */
    @Override
    public int signal() {
        int r;
        do {
            r = os.write(writeFd, one, eventFd ? 8 : 1);
        } while (r == -Errno.EINTR);
        return r >= 0 || Errno.isWouldBlock(-r) ? 0 : r;
    }

    /**
     * After the read end fired: empties a pipe so that the next write is seen (nothing for an
     * eventfd). A short read proves the pipe empty: read(2) on a pipe returns what is there, up to
     * the count, which saves the extra read that would only fail with EAGAIN.
     *
     * @throws IOException if read(2) fails with anything but EAGAIN/EWOULDBLOCK/EINTR
     */
    public void drain() throws IOException {
        if (eventFd) {
            return;
        }
        for (;;) {
            int n = os.read(readFd, sink, DRAIN_CHUNK);
            if (n == DRAIN_CHUNK) {
                continue;
            }
            if (n >= 0 || Errno.isWouldBlock(-n)) {
                return;
            }
            if (n != -Errno.EINTR) {
                throw Errno.failed("read(wake-up pipe fd " + readFd + ")", -n);
            }
        }
    }

    /**
     * Closes the descriptors and frees the buffers, even if a close fails.
     *
     * @throws IOException naming the first close that failed
     */
    @Override
    public void close() throws IOException {
        one.close();
        if (sink != null) {
            sink.close();
        }
        IOException failure = closeFd(readFd, null);
        if (writeFd != readFd) {
            failure = closeFd(writeFd, failure);
        }
        if (failure != null) {
            throw failure;
        }
    }

    private IOException closeFd(int fd, IOException earlier) {
        int r = os.close(fd);
        // EINTR from close(2) still releases the descriptor on Linux, the BSDs and macOS: never retry it.
        if (r == 0 || earlier != null || r == -Errno.EINTR) {
            return earlier;
        }
        return Errno.failed("close(" + (eventFd ? "eventfd " : "wake-up pipe fd ") + fd + ")", -r);
    }

    private static void configure(UnixOs os, FileFlags flags, int fd) throws IOException {
        int fl = os.fcntl(fd, flags.fGetFl(), 0);
        if (fl < 0) {
            throw Errno.failed("fcntl(fd " + fd + ", F_GETFL)", -fl);
        }
        int r = os.fcntl(fd, flags.fSetFl(), fl | flags.oNonblock());
        if (r < 0) {
            throw Errno.failed("fcntl(fd " + fd + ", F_SETFL, O_NONBLOCK)", -r);
        }
        r = os.fcntl(fd, flags.fSetFd(), flags.fdCloexec());
        if (r < 0) {
            throw Errno.failed("fcntl(fd " + fd + ", F_SETFD, FD_CLOEXEC)", -r);
        }
    }

    @Override
    public String toString() {
        return eventFd ? "eventfd " + readFd : "wake-up pipe " + readFd + "/" + writeFd;
    }
}
