package dev.polling;

import java.io.IOException;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.SelectableChannel;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

import dev.polling.detection.BackendDetector;
import dev.polling.spi.PollerBackend;
import dev.polling.spi.Timeouts;

/**
 * A readiness poller: register sources with a key and an interest, then {@link #poll} for events.
 *
 * <p>Registration is <b>oneshot</b> by default: after a source reports an event it stays
 * registered but silent until {@link #modify} re-arms it, however long it stays ready. That
 * makes an event loop free of races between threads and of duplicate events.
 *
 * <pre>{@code
 * try (Poller poller = Poller.create();
 *      ServerSocketChannel server = ServerSocketChannel.open()) {
 *     server.bind(new InetSocketAddress(8080)).configureBlocking(false);
 *     Event accept = Event.readable(0);
 *     poller.add(server, accept);
 *     Events events = Events.withCapacity(256);
 *     while (running) {
 *         int n = poller.poll(events, null);           // blocks until an event or wakeup()
 *         for (int i = 0; i < n; i++) {
 *             if (events.key(i) == 0) {
 *                 SocketChannel client = server.accept(); // ... register it with its own key
 *                 poller.modify(server, accept);          // re-arm: oneshot
 *             }
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p><b>Threads.</b> Every method is thread-safe. One thread polls at a time: a second
 * concurrent {@code poll} waits until the first returns. {@code add}/{@code modify}/{@code delete}
 * from another thread take effect in a poll that is already blocked, with no need to call
 * {@link #wakeup()}. {@code wakeup()} is lock-free and may be called from any thread.
 *
 * <p><b>Sources.</b> Any non-blocking JDK {@link SelectableChannel} (sockets, server sockets,
 * datagram channels, pipes), on every backend. Native backends read the channel's descriptor,
 * which needs the JVM flag {@code --add-exports java.base/sun.nio.ch=ALL-UNNAMED}; without it,
 * registering a channel says so. Raw {@code int} descriptors work on the native backends only.
 * Delete a source before closing it: a channel closed while registered is tolerated (its
 * descriptor number can be registered again by a new source), a raw descriptor is not checked.
 *
 * <p><b>Errors.</b> Each mistake throws at once and leaves the poller and every other
 * registration as they were: adding a registered source, or modifying/deleting an unregistered
 * one → {@link IllegalStateException}; any use after {@link #close()} →
 * {@link ClosedPollerException}; a closed channel → {@link java.nio.channels.ClosedChannelException};
 * a blocking-mode channel → {@link IllegalBlockingModeException}; a mode this backend cannot do
 * or a raw descriptor on {@link Backend#SELECTOR} → {@link UnsupportedOperationException};
 * a negative timeout → {@link IllegalArgumentException}; {@code null} → {@link NullPointerException}.
 */
public final class Poller implements AutoCloseable {
    private final PollerBackend backend;
    /** Serializes add/modify/delete with each other and with close. */
    private final Object registrationLock = new Object();
    /** One poller thread at a time; close() takes it to wait for a blocked poll to leave. */
    private final ReentrantLock pollLock = new ReentrantLock();
    private volatile boolean closed;

    private Poller(PollerBackend backend) {
        this.backend = backend;
    }

    /** A poller around an already opened {@code backend}: the seam unit tests use to put a mock behind the API. */
    static Poller over(PollerBackend backend) {
        return new Poller(Objects.requireNonNull(backend, "backend"));
    }

    /**
     * A poller on the best backend for this machine, or the one named by
     * {@code -Dpolling.backend=NAME}. If native code cannot load, the {@link Backend#SELECTOR}
     * layer is used and the reason is logged once.
     *
     * @throws IOException if the OS refuses to create the poller (e.g. out of descriptors), or a
     *                     backend forced by {@code -Dpolling.backend} cannot work here
     */
    public static Poller create() throws IOException {
        return new Poller(BackendDetector.openDefault());
    }

    /**
     * A poller on exactly {@code backend}; never falls back to another.
     *
     * @throws IOException if that backend cannot work here; the message says why
     */
    public static Poller create(Backend backend) throws IOException {
        return new Poller(BackendDetector.open(Objects.requireNonNull(backend, "backend")));
    }

    /**
     * Why {@code backend} cannot be opened here, or {@code null} if it can: what
     * {@link Backend#isAvailable()} asks, through the API layer, so that the enum itself depends on
     * nothing below it.
     */
    static String unavailableReason(Backend backend) {
        return BackendDetector.unavailableReason(backend);
    }

    /** The backend this poller runs on. */
    public Backend backend() {
        return backend.kind();
    }

    /** Whether {@link PollMode#LEVEL} can be used. */
    public boolean supportsLevel() {
        return backend.supportsLevel();
    }

    /** Whether {@link PollMode#EDGE} and {@link PollMode#EDGE_ONESHOT} can be used. */
    public boolean supportsEdge() {
        return backend.supportsEdge();
    }

    /**
     * Registers a channel in {@link PollMode#ONESHOT} mode.
     *
     * @throws IllegalStateException           if the channel is already registered, or the poller is closed
     * @throws java.nio.channels.ClosedChannelException if the channel is closed
     * @throws IllegalBlockingModeException    if the channel is in blocking mode
     * @throws IOException                     if the OS refuses the registration
     */
    public void add(SelectableChannel channel, Event interest) throws IOException {
        add(channel, interest, PollMode.ONESHOT);
    }

    /**
     * Registers a channel in the given mode.
     *
     * @throws UnsupportedOperationException if this backend cannot do {@code mode}
     * @see #add(SelectableChannel, Event)
     */
    public void add(SelectableChannel channel, Event interest, PollMode mode) throws IOException {
        checkChannel(channel, interest, mode);
        synchronized (registrationLock) {
            ensureOpen();
            backend.add(channel, interest.key(), interest.interestBits(), mode);
        }
    }

    /**
     * Changes a registered channel's key and interest and re-arms it, in {@link PollMode#ONESHOT}
     * mode (as {@link #add(SelectableChannel, Event)} does).
     *
     * @throws IllegalStateException if the channel is not registered, or the poller is closed
     * @throws java.nio.channels.ClosedChannelException if the channel is closed
     */
    public void modify(SelectableChannel channel, Event interest) throws IOException {
        modify(channel, interest, PollMode.ONESHOT);
    }

    /**
     * Changes a registered channel's key, interest and mode, and re-arms it.
     *
     * @throws UnsupportedOperationException if this backend cannot do {@code mode}
     * @see #modify(SelectableChannel, Event)
     */
    public void modify(SelectableChannel channel, Event interest, PollMode mode) throws IOException {
        checkChannel(channel, interest, mode);
        synchronized (registrationLock) {
            ensureOpen();
            backend.modify(channel, interest.key(), interest.interestBits(), mode);
        }
    }

    /**
     * Removes a channel. A channel closed while registered may still be deleted.
     *
     * @throws IllegalStateException if the channel is not registered, or the poller is closed
     */
    public void delete(SelectableChannel channel) throws IOException {
        Objects.requireNonNull(channel, "channel");
        synchronized (registrationLock) {
            ensureOpen();
            backend.delete(channel);
        }
    }

    /**
     * Registers a raw OS descriptor (a socket, pipe, eventfd, ...) in {@link PollMode#ONESHOT} mode.
     *
     * @throws UnsupportedOperationException on {@link Backend#SELECTOR}, which polls channels only
     * @throws IllegalArgumentException      if {@code fd} is negative or cannot be polled (e.g. a regular file on epoll)
     * @throws IllegalStateException         if {@code fd} is already registered, or the poller is closed
     */
    public void add(int fd, Event interest) throws IOException {
        add(fd, interest, PollMode.ONESHOT);
    }

    /**
     * Registers a raw OS descriptor in the given mode.
     *
     * @see #add(int, Event)
     */
    public void add(int fd, Event interest, PollMode mode) throws IOException {
        checkRaw(interest, mode);
        synchronized (registrationLock) {
            ensureOpen();
            backend.add(fd, interest.key(), interest.interestBits(), mode);
        }
    }

    /**
     * Changes a registered raw descriptor's key and interest and re-arms it, in {@link PollMode#ONESHOT} mode.
     *
     * @throws IllegalStateException if {@code fd} is not registered, or the poller is closed
     */
    public void modify(int fd, Event interest) throws IOException {
        modify(fd, interest, PollMode.ONESHOT);
    }

    /**
     * Changes a registered raw descriptor's key, interest and mode, and re-arms it.
     *
     * @see #modify(int, Event)
     */
    public void modify(int fd, Event interest, PollMode mode) throws IOException {
        checkRaw(interest, mode);
        synchronized (registrationLock) {
            ensureOpen();
            backend.modify(fd, interest.key(), interest.interestBits(), mode);
        }
    }

    /**
     * Removes a raw descriptor. Call it before closing the descriptor.
     *
     * @throws IllegalStateException if {@code fd} is not registered, or the poller is closed
     */
    public void delete(int fd) throws IOException {
        requireRawSupport();
        synchronized (registrationLock) {
            ensureOpen();
            backend.delete(fd);
        }
    }

    /**
     * Waits for events and stores them in {@code events}, replacing what it held.
     *
     * <p>Returns when at least one event is stored, when {@link #wakeup()} is called (before or
     * during the wait), when the timeout passes, or when the poller is closed by another thread.
     * {@link Duration#ZERO} never blocks; a positive timeout never returns early without an event
     * (it is rounded up to the OS's unit); {@code null} waits without limit.
     *
     * @param events  the buffer to fill; at most {@link Events#capacity()} events are returned, the
     *                rest stay pending for the next poll
     * @param timeout the longest wait, or {@code null} for no limit
     * @return the number of events stored, also {@link Events#size()}; 0 on timeout or wake-up
     * @throws IllegalArgumentException if {@code timeout} is negative
     * @throws ClosedPollerException    if the poller was closed before the call
     * @throws IOException              if the OS wait fails
     */
    public int poll(Events events, Duration timeout) throws IOException {
        Objects.requireNonNull(events, "events");
        long timeoutNanos = Timeouts.toNanos(timeout);
        pollLock.lock();
        try {
            events.size = 0;
            ensureOpen();
            int n = pollUntilDeadline(events, timeoutNanos);
            events.size = n;
            return n;
        } finally {
            pollLock.unlock();
        }
    }

    /** Retries the backend's single wait until an event, a wake-up, a close or the deadline. */
    private int pollUntilDeadline(Events events, long timeoutNanos) throws IOException {
        // nanoTime differences are exact even when now + timeout wraps around, so any timeout up to
        // Long.MAX_VALUE is a real deadline; only a negative one means "no limit".
        long deadline = timeoutNanos > 0 ? System.nanoTime() + timeoutNanos : 0;
        boolean infinite = timeoutNanos < 0;
        long remaining = infinite ? Timeouts.INFINITE : timeoutNanos;
        for (;;) {
            int n = backend.poll(events.keys, events.readiness, remaining);
            if (n > 0) {
                return n;
            }
            if (n == PollerBackend.WOKEN || closed || remaining == 0) {
                return 0;
            }
            if (!infinite) {
                // An early return without events (EINTR, an internal wake-up) waits again for what is left.
                remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return 0;
                }
            }
        }
    }

    /**
     * Makes a blocked {@link #poll} return, or the next one if none is blocked. Calls before a
     * poll coalesce into one early return; the wake-up never appears as an event. Thread-safe,
     * lock-free, and harmless after {@link #close()}.
     */
    public void wakeup() {
        backend.wakeup();
    }

    /**
     * Closes the poller and releases every OS resource it holds. A poll blocked in another thread
     * returns promptly with what it has (usually 0). Idempotent. Registered channels are not
     * closed.
     *
     * @throws IOException if the OS reports an error while releasing resources (they are released anyway)
     */
    @Override
    public void close() throws IOException {
        synchronized (registrationLock) {
            if (closed) {
                return;
            }
            closed = true;
            backend.wakeup();
            pollLock.lock(); // wait for a blocked poll to leave before the backend frees what it uses
            try {
                backend.close();
            } finally {
                pollLock.unlock();
            }
        }
    }

    /** Whether {@link #close()} has been called. */
    public boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return "Poller[" + backend.kind() + (closed ? ", closed]" : "]");
    }

    private void ensureOpen() {
        if (closed) {
            throw new ClosedPollerException("this " + backend.kind() + " poller is closed");
        }
    }

    private void checkChannel(SelectableChannel channel, Event interest, PollMode mode) {
        Objects.requireNonNull(channel, "channel");
        checkInterest(interest, mode);
        if (channel.isBlocking()) {
            throw new IllegalBlockingModeException();
        }
    }

    private void checkRaw(Event interest, PollMode mode) {
        requireRawSupport();
        checkInterest(interest, mode);
    }

    private void requireRawSupport() {
        if (!backend.supportsRawDescriptors()) {
            throw new UnsupportedOperationException(
                    "the " + backend.kind() + " backend polls JDK channels only, not raw descriptors");
        }
    }

    private void checkInterest(Event interest, PollMode mode) {
        Objects.requireNonNull(interest, "interest");
        Objects.requireNonNull(mode, "mode");
        if ((mode.isLevel() && !backend.supportsLevel()) || (mode.isEdge() && !backend.supportsEdge())) {
            throw new UnsupportedOperationException("the " + backend.kind() + " backend cannot do " + mode
                    + " (level: " + backend.supportsLevel() + ", edge: " + backend.supportsEdge() + ")");
        }
    }
}
