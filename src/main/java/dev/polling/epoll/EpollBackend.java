package dev.polling.epoll;

import java.io.IOException;
import java.lang.System.Logger.Level;

import dev.polling.Backend;
import dev.polling.Event;
import dev.polling.PollMode;
import dev.polling.spi.Binding;
import dev.polling.spi.DescriptorBackend;
import dev.polling.spi.Errno;
import dev.polling.spi.EventArray;
import dev.polling.spi.FileFlags;
import dev.polling.spi.NativeBuffer;
import dev.polling.spi.Platform;
import dev.polling.spi.PollerBackend;
import dev.polling.spi.Registrations;
import dev.polling.spi.Timeouts;
import dev.polling.spi.Timespec;
import dev.polling.spi.WakePipe;
import dev.polling.spi.WakeupLatch;

/**
 * The EPOLL backend: Linux {@code epoll(7)}, through the OS interface {@link EpollOs} of the
 * binding detection chose.
 *
 * <p>Per poll it makes exactly one system call, {@code epoll_wait} (or {@code epoll_pwait2} for a
 * positive timeout, whose nanoseconds are honoured where the kernel has it); per re-arm exactly
 * one {@code epoll_ctl}. Modes map straight onto epoll flags ({@link EpollFlags#encode}), events
 * are read from one native array at computed offsets ({@link EpollEventLayout}), and each event's
 * tag finds the user's key and interest in the shared {@link Registrations} table. {@code wakeup()} writes an
 * edge-triggered eventfd (a {@link WakePipe}) that is never read nor re-armed, so it costs the
 * poll nothing; where eventfd is refused (some sandboxes, e.g. gVisor or Gramine profiles) a pipe
 * stands in, drained after it fires.
 *
 * <p>Threads as {@link PollerBackend} states: the {@code epoll_ctl} scratch struct is used under
 * the poller's registration lock, the event array and timespec on the polling thread only.
 */
public final class EpollBackend extends DescriptorBackend {
    /** {@code -Dpolling.epoll.pwait2=false} never calls {@code epoll_pwait2} (some seccomp profiles kill on unknown syscalls). */
    static final String PWAIT2_PROPERTY = "polling.epoll.pwait2";
    /** The {@code data.u64} of the wake-up descriptor's events; no registration tag can equal it. */
    static final long WAKEUP_TAG = Event.RESERVED_KEY;

    private static final System.Logger LOG = System.getLogger("dev.polling");
    private static final int INITIAL_DESCRIPTORS = 64;

    private final EpollOs os;
    private final EpollEventLayout layout;
    private final int epfd;
    private final WakePipe waker;
    private final WakeupLatch latch = new WakeupLatch();
    private final Registrations registrations = new Registrations(INITIAL_DESCRIPTORS);
    /** One {@code struct epoll_event} for epoll_ctl; registration lock only. */
    private final NativeBuffer ctlEvent;
    /** One {@code struct timespec} for epoll_pwait2; polling thread only. */
    private final NativeBuffer timespec;

    // Polling thread only.
    private final EventArray events;
    private boolean pwait2;

    private boolean closed;

    private EpollBackend(EpollOs os, EpollEventLayout layout, int epfd, WakePipe waker,
                         NativeBuffer ctlEvent, NativeBuffer timespec) {
        this.os = os;
        this.layout = layout;
        this.epfd = epfd;
        this.waker = waker;
        this.ctlEvent = ctlEvent;
        this.timespec = timespec;
        this.events = new EventArray(os, layout.size(), 0);
    }

    /**
     * Opens an epoll instance with its wake-up descriptor, on {@code binding}.
     *
     * @throws IOException  if this is not Linux, or the OS refuses a descriptor
     * @throws LinkageError if the binding or the C library cannot be loaded
     */
    public static PollerBackend open(Binding binding) throws IOException {
        Platform platform = Platform.current();
        if (platform.os() != Platform.Os.LINUX) {
            throw new IOException("the EPOLL backend needs Linux; this is "
                    + System.getProperty("os.name") + " (" + platform.os() + ")");
        }
        String pwait2 = System.getProperty(PWAIT2_PROPERTY, "true");
        return open(binding.load(EpollOs.class), EpollEventLayout.of(platform), !pwait2.trim().equalsIgnoreCase("false"));
    }

    /**
     * Opens a backend on {@code os}; {@code tryPwait2} probes {@code epoll_pwait2} once.
     *
     * @throws IOException if a descriptor cannot be created; nothing is left open then
     */
    static EpollBackend open(EpollOs os, EpollEventLayout layout, boolean tryPwait2) throws IOException {
        int epfd = os.epollCreate1(EpollFlags.EPOLL_CLOEXEC);
        if (epfd < 0) {
            throw EpollErrors.failed("epoll_create1", -epfd);
        }
        WakePipe waker = null;
        NativeBuffer ctlEvent = null;
        NativeBuffer timespec = null;
        try {
            waker = openWaker(os);
            ctlEvent = os.allocate(layout.size());
            timespec = os.allocate(Timespec.SIZE);
            EpollBackend backend = new EpollBackend(os, layout, epfd, waker, ctlEvent, timespec);
            backend.pwait2 = tryPwait2 && backend.probePwait2();
            backend.registerWaker();
            return backend;
        } catch (IOException | RuntimeException | Error e) {
            if (ctlEvent != null) {
                ctlEvent.close();
            }
            if (timespec != null) {
                timespec.close();
            }
            try {
                if (waker != null) {
                    waker.close();
                }
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            os.close(epfd);
            throw e;
        }
    }

    /**
     * An eventfd, or a non-blocking pipe if eventfd fails.
     *
     * @throws IOException if both fail (e.g. EMFILE: out of descriptors)
     */
    private static WakePipe openWaker(EpollOs os) throws IOException {
        int fd = os.eventfd(0, EpollFlags.EFD_CLOEXEC | EpollFlags.EFD_NONBLOCK);
        if (fd >= 0) {
            return WakePipe.ofEventFd(os, fd);
        }
        try {
            WakePipe pipe = WakePipe.open(os, FileFlags.current());
            LOG.log(Level.DEBUG, () -> "polling: eventfd failed (" + Errno.describe(-fd)
                    + "); epoll wakes up through a pipe instead");
            return pipe;
        } catch (IOException e) {
            throw new IOException("cannot create the epoll wake-up descriptor: eventfd: " + Errno.describe(-fd)
                    + "; " + e.getMessage(), e);
        }
    }

    /**
     * Whether {@code epoll_pwait2} works here: a zero timeout on the still empty epoll returns 0 at
     * once. ENOSYS (Linux before 5.11, or glibc before 2.35 without the symbol) or any other error
     * (a seccomp filter may say EPERM) means millisecond {@code epoll_wait} for good.
     */
    private boolean probePwait2() {
        try (NativeBuffer probe = os.allocate(layout.size())) {
            timespec.clear(0, Timespec.SIZE);
            int r = os.epollPwait2(epfd, probe, 1, timespec);
            if (r >= 0) {
                return true;
            }
            LOG.log(Level.DEBUG, () -> "polling: epoll_pwait2 failed with " + EpollErrors.describe(-r)
                    + "; timeouts are rounded up to milliseconds");
        }
        return false;
    }

    private void registerWaker() throws IOException {
        int r = ctl(EpollFlags.EPOLL_CTL_ADD, waker.readFd(), EpollFlags.EPOLLIN | EpollFlags.EPOLLET, WAKEUP_TAG);
        if (r < 0) {
            throw EpollErrors.failed("epoll_ctl(ADD, wake-up fd " + waker.readFd() + ")", -r);
        }
    }

    /** An epoll descriptor polls readable while it has events queued, the wake-up's included. */
    @Override
    public int pollableDescriptor() {
        return epfd;
    }

    @Override
    public Backend kind() {
        return Backend.EPOLL;
    }

    @Override
    public boolean supportsLevel() {
        return true;
    }

    @Override
    public boolean supportsEdge() {
        return true;
    }

    @Override
    protected void register(int fd, long key, int interest, PollMode mode) throws IOException {
        if (!registrations.covers(fd)) {
            // The table grows to the descriptor number before the kernel is asked: make sure a bogus
            // number (say 2^31-1) is refused first instead of growing it. Only when growing, so the
            // usual add costs no extra call.
            int r = os.fcntl(fd, FileFlags.current().fGetFd(), 0);
            if (r < 0) {
                EpollErrors.throwCtlFailure(EpollFlags.EPOLL_CTL_ADD, fd, -r);
            }
        }
        long tag = registrations.register(fd, key, interest, false); // the kernel disarms oneshot sources
        int r = ctl(EpollFlags.EPOLL_CTL_ADD, fd, EpollFlags.encode(interest, mode), tag);
        if (r < 0) {
            registrations.unregister(fd);
            EpollErrors.throwCtlFailure(EpollFlags.EPOLL_CTL_ADD, fd, -r);
        }
    }

    @Override
    protected void reregister(int fd, long key, int interest, PollMode mode) throws IOException {
        // The new tag is recorded before the kernel can hand it out; see Registrations.
        long tag = registrations.register(fd, key, interest, false);
        int r = ctl(EpollFlags.EPOLL_CTL_MOD, fd, EpollFlags.encode(interest, mode), tag);
        if (r < 0) {
            // MOD fails only for a descriptor that was closed (EBADF) or is no longer registered
            // (ENOENT): nothing of the old registration is worth keeping.
            registrations.unregister(fd);
            EpollErrors.throwCtlFailure(EpollFlags.EPOLL_CTL_MOD, fd, -r);
        }
    }

    @Override
    protected void deregister(int fd, boolean sourceClosed) throws IOException {
        registrations.unregister(fd); // events already queued for it are dropped from now on
        int r = os.epollCtl(epfd, EpollFlags.EPOLL_CTL_DEL, fd, null);
        if (r < 0 && !sourceClosed) {
            int errno = -r;
            // EBADF or ENOENT: the descriptor was closed without delete (the number may since name
            // an unregistered file); the registration went away with the last close, and the
            // caller's delete of what it registered is still right. Anything else is a real failure.
            if (errno != Errno.EBADF && errno != Errno.ENOENT) {
                EpollErrors.throwCtlFailure(EpollFlags.EPOLL_CTL_DEL, fd, errno);
            }
        }
    }

    private int ctl(int op, int fd, int eventBits, long tag) {
        NativeBuffer ev = ctlEvent;
        ev.putInt(EpollEventLayout.EVENTS_OFFSET, eventBits);
        ev.putLong(layout.dataOffset(), tag);
        return os.epollCtl(epfd, op, fd, ev);
    }

    @Override
    public int poll(long[] keys, int[] readiness, long timeoutNanos) throws IOException {
        int max = keys.length;
        NativeBuffer buffer = events.ensure(max);
        int n;
        if (timeoutNanos > 0 && pwait2) {
            Timespec.set(timespec, timeoutNanos);
            n = os.epollPwait2(epfd, buffer, max, timespec);
            if (n < 0) {
                return waitFailed("epoll_pwait2", -n);
            }
        } else {
            // 0 polls, -1 waits without limit; a positive timeout never shrinks to 0 (a busy spin).
            n = os.epollWait(epfd, buffer, max, Timeouts.toMillisRoundedUp(timeoutNanos));
            if (n < 0) {
                return waitFailed("epoll_wait", -n);
            }
        }
        return collect(buffer, n, keys, readiness);
    }

    /** Stores the user events among the {@code n} the kernel returned; notes the wake-up. */
    private int collect(NativeBuffer buffer, int n, long[] keys, int[] readiness) throws IOException {
        int stride = layout.size();
        int dataOffset = layout.dataOffset();
        int stored = 0;
        boolean woken = false;
        long offset = 0;
        registrations.beginBatch();
        for (int i = 0; i < n; i++, offset += stride) {
            long tag = buffer.getLong(offset + dataOffset);
            if (tag == WAKEUP_TAG) {
                woken = true;
                continue;
            }
            int ready = EpollFlags.readiness(buffer.getInt(offset + EpollEventLayout.EVENTS_OFFSET));
            stored = registrations.resolve(tag, ready, keys, readiness, stored);
        }
        if (woken) {
            waker.drain();
            latch.consumed(); // only now: a wakeup() before this point is answered by this return
            return stored == 0 ? WOKEN : stored;
        }
        return stored;
    }

    private int waitFailed(String call, int errno) throws IOException {
        if (errno == Errno.EINTR) {
            // A signal handler ran (the JVM's own, a profiler's): epoll never restarts, so the
            // Poller waits again for what is left of the timeout.
            return 0;
        }
        if (errno == Errno.ENOSYS && pwait2) {
            pwait2 = false; // the probe passed yet the kernel refuses it: milliseconds from now on
            LOG.log(Level.DEBUG, "polling: epoll_pwait2 failed with ENOSYS; timeouts are rounded up to milliseconds");
            return 0;
        }
        throw EpollErrors.failed(call + "(epfd " + epfd + ")", errno);
    }

    @Override
    public void wakeup() {
        latch.signal(waker);
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        latch.closeAndAwaitSignals(); // no wakeup() may write to a descriptor number closed below
        IOException failure = null;
        try {
            waker.close();
        } catch (IOException e) {
            failure = e;
        }
        int r = os.close(epfd);
        if (r < 0 && failure == null) {
            failure = EpollErrors.failed("close(epfd " + epfd + ")", -r);
        }
        ctlEvent.close();
        timespec.close();
        events.close();
        if (failure != null) {
            throw failure;
        }
    }

    /** Whether positive timeouts use {@code epoll_pwait2}; for tests. */
    boolean usesPwait2() {
        return pwait2;
    }

    @Override
    public String toString() {
        return "EpollBackend[epfd=" + epfd + ", " + layout + ", " + (pwait2 ? "epoll_pwait2" : "epoll_wait")
                + (waker.isPipe() ? ", pipe wake-up" : ", eventfd wake-up") + (closed ? ", closed]" : "]");
    }
}
