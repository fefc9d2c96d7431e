package dev.polling.afd;

import static dev.polling.afd.AfdAbi.ERROR_ABANDONED_WAIT_0;
import static dev.polling.afd.AfdAbi.IOCTL_AFD_POLL;
import static dev.polling.afd.AfdAbi.WAIT_TIMEOUT;
import static dev.polling.afd.AfdAbi.WSAENOTSOCK;

import java.io.IOException;
import java.util.ArrayDeque;

import dev.polling.Backend;
import dev.polling.PollMode;
import dev.polling.spi.Binding;
import dev.polling.spi.DescriptorBackend;
import dev.polling.spi.EventArray;
import dev.polling.spi.Interest;
import dev.polling.spi.NativeBuffer;
import dev.polling.spi.NativeLibraries;
import dev.polling.spi.Platform;
import dev.polling.spi.PollerBackend;
import dev.polling.spi.Timeouts;
import dev.polling.spi.WakeupLatch;

/**
 * The AFD backend: Windows sockets polled through the AFD driver and an I/O completion port, the
 * design of wepoll. ONESHOT and LEVEL; EDGE is not supported.
 *
 * <p>Each socket has at most one {@code IOCTL_AFD_POLL} outstanding, issued on a shared
 * {@code \Device\Afd} helper handle (see {@link AfdHelpers}) for the socket's base handle
 * ({@code SIO_BASE_HANDLE}); the socket's own state machine ({@link AfdSocket}) moves it between
 * IDLE, PENDING and CANCELLED, and this class only queues, feeds and frees sockets.
 * Interest changes go onto an update queue that the poll thread flushes just before it waits, so
 * that "event, then modify" re-arms with one request instead of a cancel and a resubmit; while a
 * poll is blocked, a registration flushes the queue itself so that the change takes effect in that
 * poll. Every completion makes the socket IDLE and queues it for a new request (ONESHOT: only once
 * modify re-armed it; LEVEL: at once, so a still-ready socket completes again).
 *
 * <p>Wake-up is {@code PostQueuedCompletionStatus} with its own completion key, coalesced by a
 * {@link WakeupLatch}. On Windows a JDK channel's descriptor is its {@code SOCKET} handle value.
 */
public final class AfdBackend extends DescriptorBackend {
    /** The completion key of wake-up packets (helpers use {@link AfdHelpers#KEY_AFD}). */
    static final long KEY_WAKE = 2;
    /** The most completions one wait dequeues, whatever the caller's capacity. */
    static final int MAX_BATCH = 1024;
    /** How long close() waits by default for the kernel to hand back requests it cancelled. */
    static final long CLOSE_DRAIN_MILLIS = 2_000;

    private static final System.Logger LOG = System.getLogger("dev.polling");

    private final AfdOs sys;
    private final long port;
    /** How long close() waits for cancelled requests (tests shorten it). */
    long closeDrainMillis = CLOSE_DRAIN_MILLIS;
    private final WakeupLatch latch = new WakeupLatch();
    /** The wake-up packet, bound once so that a wake-up allocates nothing. */
    private final WakeupLatch.Signal post = this::postWakeup;
    /** Guards everything below except the poll thread's own buffers. */
    private final Object lock = new Object();
    private final AfdSockets sockets;
    private final AfdHelpers helpers;
    private final ArrayDeque<AfdSocket> updates = new ArrayDeque<>();
    /** A thread is blocked in GetQueuedCompletionStatusEx: registrations flush the update queue themselves. */
    private boolean pollActive;
    private final NativeBuffer cancelIosb;
    private final NativeBuffer baseOut;
    private final NativeBuffer bytesOut;
    // The poll thread's own buffers.
    private final NativeBuffer removed;
    private final EventArray entries;

    AfdBackend(AfdOs sys) throws IOException {
        this.sys = sys;
        long p = sys.createIoCompletionPort(AfdAbi.INVALID_HANDLE_VALUE, 0L, 0L, 0);
        if (p < 0) {
            throw new IOException("CreateIoCompletionPort(): " + AfdAbi.win32((int) -p));
        }
        this.port = p;
        sockets = new AfdSockets(sys);
        helpers = new AfdHelpers(sys, port);
        cancelIosb = sys.allocate(IoStatusBlockLayout.SIZE);
        baseOut = sys.allocate(8);
        bytesOut = sys.allocate(4);
        removed = sys.allocate(4);
        entries = new EventArray(sys, OverlappedEntryLayout.SIZE, 64);
        try {
            helpers.probe();
        } catch (IOException | RuntimeException e) {
            helpers.closeAll();
            freeBuffers();
            sys.closeHandle(port);
            throw e;
        }
    }

    /**
     * Opens an AFD backend on Windows, or on the library named by {@code -Dpolling.afd.library},
     * on {@code binding}.
     *
     * @throws IOException if AFD is not available here (the message says why) or Windows refuses it
     */
    public static PollerBackend open(Binding binding) throws IOException {
        Platform.Os os = Platform.current().os();
        String given = System.getProperty(NativeLibraries.libraryProperty("afd"));
        boolean overridden = given != null && !given.isBlank();
        if (os != Platform.Os.WINDOWS && !overridden) {
            throw new IOException(unavailableMessage(os));
        }
        AfdOs sys;
        try {
            sys = binding.load(AfdOs.class);
        } catch (LinkageError e) {
            throw new IOException("AFD is not available: cannot load " + (overridden ? "library '" + given.trim() + "'"
                    : "ntdll.dll, kernel32.dll and ws2_32.dll") + NativeLibraries.causeDetail(e), e);
        }
        try {
            return new AfdBackend(sys);
        } catch (LinkageError e) {
            throw new IOException("AFD is not available: a Windows function is missing" + NativeLibraries.causeDetail(e), e);
        }
    }

    /** Why AFD cannot be used on {@code os} without a stand-in library. */
    static String unavailableMessage(Platform.Os os) {
        return "AFD is not available on " + os.displayName() + ": it is the Windows \\Device\\Afd driver, reached through ntdll.dll; set -D"
                + NativeLibraries.libraryProperty("afd") + "=NAME to a library that stands in for ntdll, kernel32 and ws2_32";
    }

    @Override
    public Backend kind() {
        return Backend.AFD;
    }

    @Override
    public boolean supportsLevel() {
        return true;
    }

    @Override
    public boolean supportsEdge() {
        return false;
    }

    // ---------------------------------------------------------------- registration

    @Override
    protected void register(int fd, long key, int interest, PollMode mode) throws IOException {
        requireSupported(mode);
        synchronized (lock) {
            long base = baseHandle(fd);
            AfdHelpers.Helper helper = helpers.acquire();
            AfdSocket s = sockets.create(fd, base, helper);
            s.arm(key, interest, mode);
            requestUpdate(s);
        }
    }

    @Override
    protected void reregister(int fd, long key, int interest, PollMode mode) throws IOException {
        requireSupported(mode);
        synchronized (lock) {
            AfdSocket s = sockets.get(fd);
            if (s == null) {
                throw new IllegalStateException("socket " + fd + " has no AFD state"); // DescriptorBackend checked registration
            }
            if (s.isClosed()) {
                throw new IOException("socket " + fd + " was closed while registered (AFD reported it); delete it");
            }
            s.arm(key, interest, mode);
            requestUpdate(s);
        }
    }

    @Override
    protected void deregister(int fd, boolean sourceClosed) throws IOException {
        synchronized (lock) {
            AfdSocket s = sockets.remove(fd);
            if (s == null || s.isReleased()) {
                return; // closed and already auto-removed (LOCAL_CLOSE)
            }
            s.delete(sys, cancelIosb); // a pending request's completion frees the blocks later
            if (s.isDone()) {
                free(s);
            }
        }
    }

    private static void requireSupported(PollMode mode) {
        if (mode != PollMode.ONESHOT && mode != PollMode.LEVEL) {
            throw new UnsupportedOperationException("the AFD backend can do ONESHOT and LEVEL, not " + mode);
        }
    }

    /**
     * The base provider handle of a socket: {@code SIO_BASE_HANDLE}, and where a layered service
     * provider (LSP) breaks that, {@code SIO_BSP_HANDLE_POLL} to step down a layer and try again.
     * AFD must be asked about the base handle: a poll on an LSP's handle never completes.
     */
    long baseHandle(int fd) throws IOException {
        long handle = fd & 0xFFFFFFFFL;
        for (int layer = 0; layer < 16; layer++) {
            int r = sys.wsaIoctl(handle, AfdAbi.SIO_BASE_HANDLE, baseOut, bytesOut);
            if (r == 0) {
                return baseOut.getLong(0);
            }
            int error = -r;
            if (error == WSAENOTSOCK) {
                throw new IllegalArgumentException("handle " + fd + " is not a socket (" + AfdAbi.win32(error)
                        + "): the AFD backend polls Windows sockets only");
            }
            if (sys.wsaIoctl(handle, AfdAbi.SIO_BSP_HANDLE_POLL, baseOut, bytesOut) != 0
                    || baseOut.getLong(0) == handle) {
                throw new IOException("WSAIoctl(SIO_BASE_HANDLE, socket " + fd + "): " + AfdAbi.win32(error));
            }
            handle = baseOut.getLong(0);
        }
        throw new IOException("WSAIoctl(SIO_BASE_HANDLE, socket " + fd + "): more than 16 layered providers");
    }

    // ---------------------------------------------------------------- driving the sockets' state machines

    /** Queues {@code s} for an update; applies the queue now if a poll is blocked. */
    private void requestUpdate(AfdSocket s) throws IOException {
        if (s.enqueue()) {
            updates.add(s);
        }
        if (pollActive) {
            flushUpdates();
        }
    }

    private void flushUpdates() throws IOException {
        AfdSocket s;
        while ((s = updates.poll()) != null) {
            s.dequeue();
            s.update(sys, port, sockets.lingering(s.socket) != null, cancelIosb);
            if (s.isDone()) {
                free(s); // closed before its request could be issued
            }
        }
    }

    /** Handles one dequeued completion for {@code s}. */
    private int feed(AfdSocket s, long[] keys, int[] readiness, int stored) throws IOException {
        stored = s.complete(keys, readiness, stored);
        if (!s.isDone()) {
            requestUpdate(s);
            return stored;
        }
        free(s); // deleted or closed: the kernel is done with the blocks now
        AfdSocket successor = sockets.get(s.socket);
        if (successor != null && successor != s) {
            requestUpdate(successor); // re-added while this request was outstanding: its turn now
        }
        return stored;
    }

    private void free(AfdSocket s) {
        if (!s.isReleased()) {
            sockets.release(s);
            helpers.release(s.helper);
        }
    }

    // ---------------------------------------------------------------- polling

    @Override
    public int poll(long[] keys, int[] readiness, long timeoutNanos) throws IOException {
        int max = Math.min(keys.length, MAX_BATCH);
        NativeBuffer list = entries.ensure(max);
        synchronized (lock) {
            flushUpdates();
            pollActive = true;
        }
        int r;
        try {
            r = sys.getQueuedCompletionStatusEx(port, list, max, removed, millis(timeoutNanos), false);
        } finally {
            synchronized (lock) {
                pollActive = false;
            }
        }
        if (r < 0) {
            int error = -r;
            if (error == WAIT_TIMEOUT || error == ERROR_ABANDONED_WAIT_0) {
                return 0; // timed out; or the port was closed under the wait
            }
            throw new IOException("GetQueuedCompletionStatusEx(): " + AfdAbi.win32(error));
        }
        int n = Math.min(removed.getInt(0), max);
        boolean woken = false;
        int stored = 0;
        synchronized (lock) {
            for (int i = 0; i < n; i++) {
                long key = OverlappedEntryLayout.completionKey(list, i);
                if (key == KEY_WAKE) {
                    woken = true;
                } else if (key == AfdHelpers.KEY_AFD) {
                    AfdSocket s = sockets.byToken(OverlappedEntryLayout.overlapped(list, i));
                    if (s != null) {
                        stored = feed(s, keys, readiness, stored);
                    }
                }
            }
        }
        if (woken) {
            latch.consumed();
        }
        return stored > 0 ? stored : woken ? WOKEN : 0;
    }

    /** GetQueuedCompletionStatusEx's DWORD milliseconds: rounded up, INFINITE for no limit. */
    static int millis(long timeoutNanos) {
        return timeoutNanos < 0 ? AfdAbi.INFINITE : Timeouts.toMillisRoundedUp(timeoutNanos);
    }

    // ---------------------------------------------------------------- wake-up and close

    @Override
    public void wakeup() {
        int r = latch.signal(post);
        if (r < 0) {
            LOG.log(System.Logger.Level.WARNING, "polling: PostQueuedCompletionStatus failed: {0}", AfdAbi.win32(-r));
        }
    }

    private int postWakeup() {
        return sys.postQueuedCompletionStatus(port, 0, KEY_WAKE, 0L);
    }

    /**
     * Cancels every request, closes the helpers, then dequeues completions until the kernel has
     * handed back every block (or {@link #CLOSE_DRAIN_MILLIS} passed: what is left is leaked, never
     * freed under the kernel), and closes the port.
     */
    @Override
    public void close() throws IOException {
        latch.closeAndAwaitSignals();
        synchronized (lock) {
            updates.clear();
            for (AfdSocket s : sockets.liveSockets()) {
                s.dequeue();
                s.delete(sys, cancelIosb);
                if (s.isDone()) {
                    free(s);
                }
            }
            helpers.closeAll();
            long deadline = System.nanoTime() + closeDrainMillis * 1_000_000L;
            while (sockets.live() > 0 && System.nanoTime() - deadline < 0) {
                int capacity = entries.capacity();
                NativeBuffer list = entries.ensure(capacity);
                if (sys.getQueuedCompletionStatusEx(port, list, capacity, removed, 100, false) != 0) {
                    continue;
                }
                int n = Math.min(removed.getInt(0), capacity);
                for (int i = 0; i < n; i++) {
                    if (OverlappedEntryLayout.completionKey(list, i) == AfdHelpers.KEY_AFD) {
                        AfdSocket s = sockets.byToken(OverlappedEntryLayout.overlapped(list, i));
                        if (s != null) {
                            s.handedBack();
                            free(s);
                        }
                    }
                }
            }
            if (sockets.live() > 0) {
                LOG.log(System.Logger.Level.WARNING, "polling: {0} AFD poll request(s) not handed back at close; "
                        + "their buffers are leaked rather than freed under the kernel", sockets.live());
            }
            int closed = sys.closeHandle(port);
            freeBuffers();
            if (closed != 0) {
                throw new IOException("CloseHandle(completion port): " + AfdAbi.win32(-closed));
            }
        }
    }

    private void freeBuffers() {
        cancelIosb.close();
        baseOut.close();
        bytesOut.close();
        removed.close();
        entries.close();
    }

    @Override
    public String toString() {
        return "AfdBackend[helpers=" + helpers.count() + ", sockets=" + sockets.live() + "]";
    }
}
