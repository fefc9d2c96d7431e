package dev.polling.kqueue;

import static dev.polling.kqueue.KqueueAbi.EV_ADD;
import static dev.polling.kqueue.KqueueAbi.EV_CLEAR;
import static dev.polling.kqueue.KqueueAbi.EV_DELETE;
import static dev.polling.kqueue.KqueueAbi.EV_EOF;
import static dev.polling.kqueue.KqueueAbi.EV_ERROR;
import static dev.polling.kqueue.KqueueAbi.EV_ONESHOT;
import static dev.polling.kqueue.KqueueAbi.EV_RECEIPT;
import static dev.polling.kqueue.KqueueAbi.NOTE_TRIGGER;

import java.io.IOException;

import dev.polling.Backend;
import dev.polling.PollMode;
import dev.polling.spi.Binding;
import dev.polling.spi.DescriptorBackend;
import dev.polling.spi.Errno;
import dev.polling.spi.EventArray;
import dev.polling.spi.FileFlags;
import dev.polling.spi.Interest;
import dev.polling.spi.NativeBuffer;
import dev.polling.spi.NativeLibraries;
import dev.polling.spi.Platform;
import dev.polling.spi.PollerBackend;
import dev.polling.spi.Registrations;
import dev.polling.spi.Timespec;
import dev.polling.spi.WakePipe;
import dev.polling.spi.WakeupLatch;

/**
 * The KQUEUE backend: BSD and macOS {@code kqueue(2)}, all four modes.
 *
 * <p>A source is two knotes, {@code EVFILT_READ} and {@code EVFILT_WRITE}, keyed by its descriptor;
 * the mode maps to flags per filter (ONESHOT → {@code EV_ONESHOT}, LEVEL → none, EDGE →
 * {@code EV_CLEAR}, EDGE_ONESHOT → both). Every registration submits both filters in one
 * {@code kevent} call with {@code EV_RECEIPT}, so that each change reports its own error and no
 * pending event is ever dequeued by a registration call. Both knotes carry the registration's tag
 * in {@code udata} (see the shared {@link Registrations} table): the user key stays on the Java
 * side, a stale event is recognised, oneshot holds per source although the kernel disarms per
 * filter, and both filters firing in one batch make one event with both bits.
 *
 * <p>Wake-up is {@code EVFILT_USER} ({@code NOTE_TRIGGER}) where the OS has it, else the shared
 * {@link WakePipe} whose read end is registered {@code EV_CLEAR}; either way coalesced by a
 * {@link WakeupLatch}. The OS is reached through {@link KqueueOs}, from the binding detection chose.
 */
public final class KqueueBackend extends DescriptorBackend {
    /** The most kernel events one wait reads, whatever the caller's capacity: bounds the native buffer. */
    static final int MAX_BATCH = 4096;
    /** The {@code udata} of the wake-up knote; no registration tag is 0. */
    static final long WAKE_UDATA = 0;
    /** The {@code ident} of the {@code EVFILT_USER} wake-up knote. */
    static final long WAKE_IDENT = 0;

    private static final System.Logger LOG = System.getLogger("dev.polling");

    private final KqueueOs sys;
    private final KqueueAbi abi;
    private final KeventLayout layout;
    private final int kq;
    private final WakeupLatch latch = new WakeupLatch();
    /** {@link #trigger()}, bound once so that a wake-up allocates nothing. */
    private final WakeupLatch.Signal trigger = this::trigger;
    /** Guards the sources table and the registration buffers; the poll thread takes it only to read a batch. */
    private final Object lock = new Object();
    private final Registrations sources = new Registrations(64);
    // Registration (under lock): two change records, two receipts, and a zero timeout (never blocks).
    private final NativeBuffer changes;
    private final NativeBuffer receipts;
    private final NativeBuffer zeroTimeout;
    // Wake-up (any thread): the trigger record is written once and only read after.
    private final NativeBuffer wakeChange;
    // The poll thread's own buffers.
    private final NativeBuffer timeout;
    private final EventArray events;
    /** The wake-up pipe, or null with {@code EVFILT_USER}. */
    private WakePipe wakePipe;

    KqueueBackend(KqueueOs sys, KqueueAbi abi) throws IOException {
        this.sys = sys;
        this.abi = abi;
        this.layout = abi.layout;
        int fd = sys.kqueue();
        if (fd < 0) {
            throw Errno.failed("kqueue()", -fd);
        }
        this.kq = fd;
        int size = layout.size();
        changes = sys.allocate(2L * size);
        receipts = sys.allocate(2L * size);
        zeroTimeout = sys.allocate(Timespec.SIZE);
        wakeChange = sys.allocate(size);
        timeout = sys.allocate(Timespec.SIZE);
        events = new EventArray(sys, size, 64);
        try {
            FileFlags flags = FileFlags.current();
            check(sys.fcntl(kq, flags.fSetFd(), flags.fdCloexec()), "fcntl(kqueue " + kq + ", F_SETFD, FD_CLOEXEC)");
            openWakeup();
        } catch (IOException | RuntimeException e) {
            release(e);
            throw e;
        }
    }

    /**
     * Opens a kqueue backend for this OS, or for the library named by {@code -Dpolling.kqueue.library},
     * on {@code binding}.
     *
     * @throws IOException if kqueue is not available here (the message says why) or the OS refuses it
     */
    public static PollerBackend open(Binding binding) throws IOException {
        Platform platform = Platform.current();
        KqueueAbi abi = KqueueAbi.forPlatform(platform);
        String given = System.getProperty(NativeLibraries.libraryProperty("kqueue"));
        String library = given == null || given.isBlank() ? null : given.trim();
        KqueueOs sys;
        try {
            sys = binding.load(KqueueOs.class, KqueueAbi.class, abi);
        } catch (LinkageError e) {
            throw new IOException("kqueue is not available on " + platform.os().displayName() + ": cannot load "
                    + (library == null ? "libc" : "library '" + library + "' (-D" + NativeLibraries.libraryProperty("kqueue") + ")")
                    + NativeLibraries.causeDetail(e), e);
        }
        try {
            return new KqueueBackend(sys, abi);
        } catch (LinkageError e) { // symbols resolve on first call: kqueue() is the first
            throw new IOException(unavailableMessage(platform.os(), library, e), e);
        }
    }

    /** Why kqueue could not be bound on {@code os} from {@code library} ({@code null}: the C library). */
    static String unavailableMessage(Platform.Os os, String library, Throwable cause) {
        String property = "-D" + NativeLibraries.libraryProperty("kqueue");
        String where = library == null ? "libc" : "library '" + library + "' (" + property + ")";
        if (!os.hasKqueue()) {
            return "kqueue is not available on " + os.displayName() + ": no kqueue() in " + where + "; set "
                    + property + "=NAME to a library with FreeBSD's kqueue ABI (e.g. libkqueue)" + NativeLibraries.causeDetail(cause);
        }
        String symbol = os == Platform.Os.NETBSD ? "kqueue() or __kevent50()" : "kqueue() or kevent()";
        return "kqueue cannot be bound on " + os.displayName() + ": no " + symbol + " in " + where + NativeLibraries.causeDetail(cause);
    }

    /** A kqueue descriptor polls readable while it has events queued, the wake-up's included. */
    @Override
    public int pollableDescriptor() {
        return kq;
    }

    @Override
    public Backend kind() {
        return Backend.KQUEUE;
    }

    @Override
    public boolean supportsLevel() {
        return true;
    }

    @Override
    public boolean supportsEdge() {
        return true;
    }

    /** Whether the wake-up uses {@code EVFILT_USER} (else a pipe). */
    boolean usesUserFilter() {
        return wakePipe == null;
    }

    // ---------------------------------------------------------------- registration

    @Override
    protected void register(int fd, long key, int interest, PollMode mode) throws IOException {
        synchronized (lock) {
            long tag = sources.register(fd, key, interest, isOneshot(mode));
            try {
                submit(fd, interest, mode, tag, "add");
            } catch (IOException | RuntimeException e) {
                sources.unregister(fd);
                submitQuietly(fd, EV_DELETE, EV_DELETE); // undo a filter that was added before the other failed
                throw e;
            }
        }
    }

    @Override
    protected void reregister(int fd, long key, int interest, PollMode mode) throws IOException {
        synchronized (lock) {
            long tag = sources.register(fd, key, interest, isOneshot(mode));
            try {
                submit(fd, interest, mode, tag, "modify");
            } catch (IOException | RuntimeException e) {
                // One filter may have changed and not the other: leave the source registered, silent.
                sources.unregister(fd);
                submitQuietly(fd, EV_DELETE, EV_DELETE);
                throw e;
            }
        }
    }

    @Override
    protected void deregister(int fd, boolean sourceClosed) throws IOException {
        synchronized (lock) {
            sources.unregister(fd);
            if (sourceClosed) {
                return; // close(2) already removed the knotes; the number may belong to a new file now
            }
            int n = sys.kevent(kq, put2(fd, EV_DELETE | EV_RECEIPT, EV_DELETE | EV_RECEIPT, 0), 2, receipts, 2, zeroTimeout);
            int error = firstError(n, Errno.EBADF); // EBADF: a raw descriptor closed before delete; its knotes are gone
            if (error != 0) {
                raise(error, "delete", fd);
            }
        }
    }

    /** Submits both filters for a registration; throws on the first real error. */
    private void submit(int fd, int interest, PollMode mode, long tag, String op) throws IOException {
        int add = EV_ADD | modeFlags(mode) | EV_RECEIPT;
        int read = (interest & Interest.READABLE) != 0 ? add : EV_DELETE | EV_RECEIPT;
        int write = (interest & Interest.WRITABLE) != 0 ? add : EV_DELETE | EV_RECEIPT;
        int n = sys.kevent(kq, put2(fd, read, write, tag), 2, receipts, 2, zeroTimeout);
        int error = firstError(n, 0);
        if (error != 0) {
            raise(error, op, fd);
        }
    }

    /** Best effort, for rolling back: errors are ignored. */
    private void submitQuietly(int fd, int readFlags, int writeFlags) {
        sys.kevent(kq, put2(fd, readFlags | EV_RECEIPT, writeFlags | EV_RECEIPT, 0), 2, receipts, 2, zeroTimeout);
    }

    private NativeBuffer put2(int fd, int readFlags, int writeFlags, long udata) {
        layout.put(changes, 0, fd, abi.evfiltRead, readFlags, 0, 0, udata);
        layout.put(changes, 1, fd, abi.evfiltWrite, writeFlags, 0, 0, udata);
        return changes;
    }

    /**
     * The first errno among the receipts of a registration call, 0 if none. {@code ENOENT} (deleting
     * a filter never added, or a oneshot one that fired) and {@code EPIPE} (OS X 10.10/10.11 on a pipe
     * whose peer closed; events still come, mio#582) are not errors, nor {@code alsoIgnore}.
     */
    private int firstError(int n, int alsoIgnore) {
        if (n < 0) {
            // EINTR: FreeBSD's kevent(2) says the changes were all applied.
            return -n == Errno.EINTR ? 0 : -n;
        }
        for (int i = 0; i < n; i++) {
            if ((layout.flags(receipts, i) & EV_ERROR) == 0) {
                continue;
            }
            int errno = (int) layout.data(receipts, i);
            if (errno != 0 && errno != Errno.ENOENT && errno != Errno.EPIPE && errno != alsoIgnore) {
                return errno;
            }
        }
        return 0;
    }

    /** Throws what a failed change means: EINVAL is a descriptor kqueue cannot poll, the rest an OS error. */
    private static void raise(int errno, String op, int fd) throws IOException {
        String message = "kevent(" + op + ", fd " + fd + "): " + Errno.describe(errno);
        if (errno == Errno.EINVAL) {
            throw new IllegalArgumentException("descriptor " + fd + " cannot be polled by kqueue: " + message);
        }
        throw new IOException(message);
    }

    private static boolean isOneshot(PollMode mode) {
        return mode == PollMode.ONESHOT || mode == PollMode.EDGE_ONESHOT;
    }

    static int modeFlags(PollMode mode) {
        return switch (mode) {
            case ONESHOT -> EV_ONESHOT;
            case LEVEL -> 0;
            case EDGE -> EV_CLEAR;
            case EDGE_ONESHOT -> EV_ONESHOT | EV_CLEAR;
        };
    }

    // ---------------------------------------------------------------- polling

    @Override
    public int poll(long[] keys, int[] readiness, long timeoutNanos) throws IOException {
        int max = Math.min(keys.length, MAX_BATCH);
        NativeBuffer evs = events.ensure(max);
        NativeBuffer ts = timeoutNanos < 0 ? null : Timespec.setCapped(timeout, timeoutNanos);
        int n = sys.kevent(kq, null, 0, evs, max, ts);
        if (n < 0) {
            int errno = -n;
            if (errno == Errno.EINTR || errno == Errno.ETIMEDOUT) {
                return 0; // a signal, or macOS's ETIMEDOUT for a timeout (go.dev/issue/59679): the Poller waits again
            }
            throw Errno.failed("kevent(wait, kqueue " + kq + ")", errno);
        }
        if (n == 0) {
            return 0;
        }
        boolean woken = false;
        int stored = 0;
        synchronized (lock) {
            sources.beginBatch();
            for (int i = 0; i < n; i++) {
                int filter = layout.filter(evs, i);
                int flags = layout.flags(evs, i);
                long udata = layout.udata(evs, i);
                if ((flags & EV_ERROR) != 0) {
                    continue; // only failed changes carry EV_ERROR, and a wait submits none
                }
                if (udata == WAKE_UDATA) {
                    woken |= isWakeup(filter, layout.ident(evs, i));
                    continue;
                }
                stored = sources.resolve(udata, readinessOf(filter, flags), keys, readiness, stored); // udata names the fd
            }
        }
        if (woken) {
            if (wakePipe != null) {
                wakePipe.drain();
            }
            latch.consumed();
        }
        return stored > 0 ? stored : woken ? WOKEN : 0;
    }

    /**
     * Readable for {@code EVFILT_READ}, writable for {@code EVFILT_WRITE}; {@code EV_EOF} (hang-up,
     * or an error in {@code fflags}) on either counts as both, so that whichever direction is of
     * interest surfaces it. READ with EOF is also how some kqueues tell a pipe writer that the
     * reader closed (Go commit 23aad448).
     */
    int readinessOf(int filter, int flags) {
        int r = filter == abi.evfiltRead ? Interest.READABLE : filter == abi.evfiltWrite ? Interest.WRITABLE : 0;
        return r != 0 && (flags & EV_EOF) != 0 ? Interest.BOTH : r;
    }

    private boolean isWakeup(int filter, long ident) {
        return wakePipe == null ? filter == abi.evfiltUser && ident == WAKE_IDENT
                : filter == abi.evfiltRead && ident == wakePipe.readFd();
    }

    // ---------------------------------------------------------------- wake-up

    @Override
    public void wakeup() {
        int r = latch.signal(trigger);
        if (r < 0) {
            LOG.log(System.Logger.Level.DEBUG, "polling: kqueue wake-up failed: {0}", Errno.describe(-r));
        }
    }

    /** Triggers the EVFILT_USER knote, or writes the pipe; EINTR still applied the trigger (FreeBSD's kevent(2)). */
    private int trigger() {
        WakePipe pipe = wakePipe;
        int r = pipe == null ? sys.kevent(kq, wakeChange, 1, null, 0, null) : pipe.signal();
        return r == -Errno.EINTR ? 0 : r;
    }

    /**
     * Registers the wake-up knote: {@code EVFILT_USER} with {@code EV_CLEAR} (resets itself after
     * delivery) where registering it succeeds, otherwise the shared wake-up pipe whose read end is an
     * {@code EV_CLEAR} read knote. Registering is the probe: NetBSD before 10 and OpenBSD before 7.8
     * reject the filter number with EINVAL.
     */
    private void openWakeup() throws IOException {
        if (abi.hasUserFilter()) {
            layout.put(changes, 0, WAKE_IDENT, abi.evfiltUser, EV_ADD | EV_CLEAR | EV_RECEIPT, 0, 0, WAKE_UDATA);
            int n = sys.kevent(kq, changes, 1, receipts, 1, zeroTimeout);
            if (n == 1 && layout.data(receipts, 0) == 0) {
                // The trigger is submitted without EV_RECEIPT and with no event list: it cannot
                // dequeue events, a failure comes back as -1/errno, and the record is only read,
                // so concurrent wakeup() calls may share it.
                layout.put(wakeChange, 0, WAKE_IDENT, abi.evfiltUser, EV_ADD | EV_CLEAR, NOTE_TRIGGER, 0, WAKE_UDATA);
                return;
            }
            LOG.log(System.Logger.Level.DEBUG, "polling: EVFILT_USER unavailable on {0} ({1}); using a pipe for wake-ups",
                    abi.os, n < 0 ? Errno.describe(-n) : Errno.describe((int) layout.data(receipts, 0)));
        }
        wakePipe = WakePipe.open(sys, FileFlags.current());
        layout.put(changes, 0, wakePipe.readFd(), abi.evfiltRead, EV_ADD | EV_CLEAR | EV_RECEIPT, 0, 0, WAKE_UDATA);
        int n = sys.kevent(kq, changes, 1, receipts, 1, zeroTimeout);
        int error = n < 0 ? -n : n == 1 ? (int) layout.data(receipts, 0) : 0;
        if (error != 0) {
            throw new IOException("kevent(add wake-up pipe " + wakePipe.readFd() + "): " + Errno.describe(error));
        }
    }

    // ---------------------------------------------------------------- close

    @Override
    public void close() throws IOException {
        latch.closeAndAwaitSignals();
        synchronized (lock) {
            release(null);
        }
    }

    /** Closes the descriptors and frees the buffers; reports the first close error unless {@code pending} is set. */
    private void release(Throwable pending) throws IOException {
        IOException pipeFailure = null;
        if (wakePipe != null) {
            try {
                wakePipe.close();
            } catch (IOException e) {
                pipeFailure = e;
            }
            wakePipe = null;
        }
        int error = closeFd(kq, 0);
        for (NativeBuffer b : new NativeBuffer[] {changes, receipts, zeroTimeout, wakeChange, timeout}) {
            b.close();
        }
        events.close();
        if (pending != null) {
            return;
        }
        if (pipeFailure != null) {
            throw pipeFailure;
        }
        if (error != 0) {
            throw Errno.failed("close(kqueue " + kq + ")", error);
        }
    }

    private int closeFd(int fd, int firstError) {
        if (fd < 0) {
            return firstError;
        }
        int r = sys.close(fd);
        return firstError == 0 && r < 0 ? -r : firstError;
    }

    private static void check(int result, String call) throws IOException {
        if (result < 0) {
            throw Errno.failed(call, -result);
        }
    }

    @Override
    public String toString() {
        return "KqueueBackend[" + abi + ", kq=" + kq + ", wake=" + (usesUserFilter() ? "EVFILT_USER" : "pipe") + "]";
    }
}
