package dev.polling;

import java.io.IOException;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.concurrent.locks.ReentrantLock;

import dev.polling.detection.BackendDetector;
import dev.polling.spi.BlockingWait;
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
 * which needs the JVM flag {@code --add-exports java.base/sun.nio.ch=ALL-UNNAMED}: without it
 * {@link #create()} chooses {@link Backend#SELECTOR}, and a native backend asked for by name
 * refuses channels, naming the flag. Raw {@code int} descriptors work on the native backends only.
 * Delete a source before closing it: a channel closed while registered is tolerated (its
 * descriptor number can be registered again by a new source), a raw descriptor is not checked.
 *
 * <p><b>Errors.</b> Each mistake throws at once and leaves the poller and every other
 * registration as they were: adding a registered source, or modifying/deleting an unregistered
 * one → {@link IllegalStateException}; any use after {@link #close()} →
 * {@link ClosedPollerException}; a closed channel → {@link java.nio.channels.ClosedChannelException};
 * a blocking-mode channel → {@link IllegalBlockingModeException}; a mode this backend cannot do
 * or a raw descriptor on {@link Backend#SELECTOR} → {@link UnsupportedOperationException};
 * an interest outside the channel's {@link SelectableChannel#validOps()} (say writable on a
 * {@code Pipe.SourceChannel}) or a negative timeout → {@link IllegalArgumentException};
 * {@code null} → {@link NullPointerException}.
 */
public final class Poller implements AutoCloseable {
    private final PollerBackend backend;
    /** The backend's wait, made interruptible and kind to virtual threads. */
    private final BlockingWait waiting;
    /** Serializes add/modify/delete with each other and with close. */
    private final Object registrationLock = new Object();
    /** One poller thread at a time; close() takes it to wait for a blocked poll to leave. */
    private final ReentrantLock pollLock = new ReentrantLock();
    private volatile boolean closed;

    private Poller(PollerBackend backend) {
        this.backend = backend;
        this.waiting = new BlockingWait(backend);
    }

    /** A poller around an already opened {@code backend}: the seam unit tests use to put a mock behind the API. */
    static Poller over(PollerBackend backend) {
        return new Poller(Objects.requireNonNull(backend, "backend"));
    }

    /**
     * A poller on the best backend for this machine, or the one named by
     * {@code -Dpolling.backend=NAME}. The native backend is chosen when the JVM was started with
     * the flags it needs (the README lists them); without them, the pure-Java
     * {@link Backend#SELECTOR} is chosen quietly, and the choice with the flags that would change it
     * is logged once at DEBUG (logger {@code dev.polling}). If native code fails to load despite
     * the flags, SELECTOR is used and a warning is logged once.
     *
     * @return a new, open poller; the caller closes it
     * @throws IOException if the OS refuses to create the poller (e.g. out of descriptors), or a
     *                     backend forced by {@code -Dpolling.backend} cannot work here
     */
    public static Poller create() throws IOException {
        return new Poller(BackendDetector.openDefault());
    }

    /**
     * A poller on exactly {@code backend}; never falls back to another.
     *
     * @param backend the backend to open, whatever {@code -Dpolling.backend} says
     * @return a new, open poller; the caller closes it
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

    /**
     * The backend this poller runs on.
     *
     * @return the backend chosen when the poller was created; it never changes
     */
    public Backend backend() {
        return backend.kind();
    }

    /**
     * Whether {@link PollMode#LEVEL} can be used.
     *
     * @return {@code true} if {@code add} and {@code modify} accept {@link PollMode#LEVEL} on this backend
     */
    public boolean supportsLevel() {
        return backend.supportsLevel();
    }

    /**
     * Whether {@link PollMode#EDGE} and {@link PollMode#EDGE_ONESHOT} can be used.
     *
     * @return {@code true} if {@code add} and {@code modify} accept both edge modes on this backend
     */
    public boolean supportsEdge() {
        return backend.supportsEdge();
    }

    /**
     * Registers a channel in {@link PollMode#ONESHOT} mode.
     *
     * @param channel  a non-blocking channel not yet registered with this poller
     * @param interest the key its events carry, and whether to report readable and/or writable
     * @throws IllegalStateException           if the channel is already registered, or the poller is closed
     * @throws java.nio.channels.ClosedChannelException if the channel is closed
     * @throws IllegalBlockingModeException    if the channel is in blocking mode
     * @throws IllegalArgumentException        if the interest is outside the channel's {@link SelectableChannel#validOps()}
     * @throws UnsupportedOperationException   if a native backend cannot read the channel's descriptor
     *                                         (the JVM lacks the export named in the class description)
     * @throws IOException                     if the OS refuses the registration
     */
    public void add(SelectableChannel channel, Event interest) throws IOException {
        add(channel, interest, PollMode.ONESHOT);
    }

    /**
     * Registers a channel in the given mode.
     *
     * @param channel  a non-blocking channel not yet registered with this poller
     * @param interest the key its events carry, and whether to report readable and/or writable
     * @param mode     how the channel keeps reporting readiness; see {@link #supportsLevel()} and
     *                 {@link #supportsEdge()}
     * @throws UnsupportedOperationException if this backend cannot do {@code mode}, or cannot read the
     *                                       channel's descriptor
     * @throws IOException                   if the channel is closed ({@link java.nio.channels.ClosedChannelException})
     *                                       or the OS refuses the registration
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
     * @param channel  a channel registered with this poller
     * @param interest the key its next events carry, and whether to report readable and/or writable
     * @throws IllegalStateException if the channel is not registered, or the poller is closed
     * @throws java.nio.channels.ClosedChannelException if the channel is closed
     * @throws IOException           if the OS refuses the change
     */
    public void modify(SelectableChannel channel, Event interest) throws IOException {
        modify(channel, interest, PollMode.ONESHOT);
    }

    /**
     * Changes a registered channel's key, interest and mode, and re-arms it.
     *
     * @param channel  a channel registered with this poller
     * @param interest the key its next events carry, and whether to report readable and/or writable
     * @param mode     how the channel keeps reporting readiness from now on
     * @throws UnsupportedOperationException if this backend cannot do {@code mode}
     * @throws IOException                   if the channel is closed ({@link java.nio.channels.ClosedChannelException})
     *                                       or the OS refuses the change
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
     * @param channel a channel registered with this poller; it is left open
     * @throws IllegalStateException if the channel is not registered, or the poller is closed
     * @throws IOException           if the OS refuses the removal
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
     * @param fd       an open descriptor not yet registered with this poller; it stays owned by the caller
     * @param interest the key its events carry, and whether to report readable and/or writable
     * @throws UnsupportedOperationException on {@link Backend#SELECTOR}, which polls channels only
     * @throws IllegalArgumentException      if {@code fd} is negative, not open, or cannot be polled (e.g. a regular
     *                                       file on epoll)
     * @throws IllegalStateException         if {@code fd} is already registered, or the poller is closed
     * @throws IOException                   if the OS refuses the registration
     */
    public void add(int fd, Event interest) throws IOException {
        add(fd, interest, PollMode.ONESHOT);
    }

    /**
     * Registers a raw OS descriptor in the given mode.
     *
     * @param fd       an open descriptor not yet registered with this poller; it stays owned by the caller
     * @param interest the key its events carry, and whether to report readable and/or writable
     * @param mode     how the descriptor keeps reporting readiness; see {@link #supportsLevel()} and
     *                 {@link #supportsEdge()}
     * @throws UnsupportedOperationException on {@link Backend#SELECTOR}, or if this backend cannot do {@code mode}
     * @throws IllegalArgumentException      if {@code fd} is negative, not open, or cannot be polled
     * @throws IllegalStateException         if {@code fd} is already registered, or the poller is closed
     * @throws IOException                   if the OS refuses the registration
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
     * @param fd       a descriptor registered with this poller
     * @param interest the key its next events carry, and whether to report readable and/or writable
     * @throws UnsupportedOperationException on {@link Backend#SELECTOR}, which polls channels only
     * @throws IllegalStateException         if {@code fd} is not registered, or the poller is closed
     * @throws IOException                   if the OS refuses the change
     */
    public void modify(int fd, Event interest) throws IOException {
        modify(fd, interest, PollMode.ONESHOT);
    }

    /**
     * Changes a registered raw descriptor's key, interest and mode, and re-arms it.
     *
     * @param fd       a descriptor registered with this poller
     * @param interest the key its next events carry, and whether to report readable and/or writable
     * @param mode     how the descriptor keeps reporting readiness from now on
     * @throws UnsupportedOperationException on {@link Backend#SELECTOR}, or if this backend cannot do {@code mode}
     * @throws IllegalStateException         if {@code fd} is not registered, or the poller is closed
     * @throws IOException                   if the OS refuses the change
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
     * @param fd a descriptor registered with this poller; it is left open
     * @throws UnsupportedOperationException on {@link Backend#SELECTOR}, which polls channels only
     * @throws IllegalStateException         if {@code fd} is not registered, or the poller is closed
     * @throws IOException                   if the OS refuses the removal
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
     * during the wait), when the timeout passes, when the poller is closed by another thread, or
     * when the polling thread is interrupted.
     * {@link Duration#ZERO} never blocks; a positive timeout never returns early without an event
     * (it is rounded up to the OS's unit); {@code null} waits without limit.
     *
     * <p><b>Interrupts</b>, as {@link java.nio.channels.Selector#select()}: a thread interrupted
     * while blocked here returns promptly with what it has (usually 0), and a thread that enters
     * with its interrupt status set returns at once; the status stays set in both cases (nothing is
     * thrown) and the poller stays usable. An interrupt that arrives just as a poll returns may end
     * the next poll early, as a {@link #wakeup()} would.
     *
     * <p><b>Virtual threads</b> may poll: a blocked poll parks the virtual thread instead of
     * holding its carrier, so other virtual threads keep running.
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
            if (Thread.currentThread().isInterrupted()) {
                return 0; // as Selector: an interrupted thread does not block
            }
            int n = pollUntilDeadline(events, timeoutNanos);
            events.size = n;
            return n;
        } finally {
            pollLock.unlock();
        }
    }

    /** Retries the backend's single wait until an event, a wake-up, a close, an interrupt or the deadline. */
    private int pollUntilDeadline(Events events, long timeoutNanos) throws IOException {
        // nanoTime differences are exact even when now + timeout wraps around, so any timeout up to
        // Long.MAX_VALUE is a real deadline; only a negative one means "no limit".
        long deadline = timeoutNanos > 0 ? System.nanoTime() + timeoutNanos : 0;
        boolean infinite = timeoutNanos < 0;
        long remaining = infinite ? Timeouts.INFINITE : timeoutNanos;
        for (;;) {
            int n = waiting.poll(events.keys, events.readiness, remaining);
            if (n > 0) {
                return n;
            }
            if (n == PollerBackend.WOKEN || closed || remaining == 0 || Thread.currentThread().isInterrupted()) {
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

    /**
     * Whether {@link #close()} has been called.
     *
     * @return {@code true} once {@code close()} has begun; the poller then refuses every call but
     *         {@code wakeup()}, {@code close()} and the queries
     */
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
            throw new BlockingChannelException(channel);
        }
        checkValidOps(channel, interest);
    }

    /** Refuses an interest the channel cannot have, as {@link SelectableChannel#register} does. */
    private static void checkValidOps(SelectableChannel channel, Event interest) {
        int ops = channel.validOps();
        if (interest.readable() && (ops & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) == 0) {
            throw invalidInterest(channel, "readable", ops);
        }
        if (interest.writable() && (ops & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) == 0) {
            throw invalidInterest(channel, "writable", ops);
        }
    }

    private static IllegalArgumentException invalidInterest(SelectableChannel channel, String direction, int ops) {
        StringJoiner valid = new StringJoiner(", ", "{", "}");
        if ((ops & SelectionKey.OP_READ) != 0) {
            valid.add("OP_READ");
        }
        if ((ops & SelectionKey.OP_WRITE) != 0) {
            valid.add("OP_WRITE");
        }
        if ((ops & SelectionKey.OP_CONNECT) != 0) {
            valid.add("OP_CONNECT");
        }
        if ((ops & SelectionKey.OP_ACCEPT) != 0) {
            valid.add("OP_ACCEPT");
        }
        return new IllegalArgumentException("a " + channel.getClass().getSimpleName() + " cannot be " + direction
                + ": its validOps() are " + valid + " (SelectableChannel.register refuses the same)");
    }

    private void checkRaw(Event interest, PollMode mode) {
        requireRawSupport();
        checkInterest(interest, mode);
    }

    private void requireRawSupport() {
        if (!backend.supportsRawDescriptors()) {
            throw new UnsupportedOperationException(backend.whyNoRawDescriptors());
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

    /** {@link IllegalBlockingModeException} with a message: the JDK's own has none. */
    private static final class BlockingChannelException extends IllegalBlockingModeException {
        private static final long serialVersionUID = 1L;
        private final String message;

        BlockingChannelException(SelectableChannel channel) {
            this.message = channel.getClass().getSimpleName()
                    + " is in blocking mode; call configureBlocking(false) before registering it";
        }

        @Override
        public String getMessage() {
            return message;
        }
    }
}
