package dev.polling.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectableChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.polling.Backend;
import dev.polling.Event;
import dev.polling.Poller;
import dev.polling.mock.MockBackend;
import dev.polling.mock.MockCall;
import dev.polling.mock.MockCapture;
import dev.polling.mock.MockConfig;
import dev.polling.spi.Interest;

/**
 * A deterministic {@link Poller} for unit tests of event loops: no OS involved, readiness fired
 * by the test, time on a virtual clock, every call recorded.
 *
 * <p>{@link #poller()} is a real {@link Poller} (backend {@link Backend#MOCK}) with the same
 * validation, errors, modes, capacity and wake-up rules as the OS backends; hand it to the code
 * under test. Register anything: real non-blocking channels, or raw descriptor numbers that need
 * not exist. Then drive it:
 * <ul>
 *   <li>{@link #fire(SelectableChannel, Readiness, Readiness...) fire} makes a source ready until
 *       {@link #clear(SelectableChannel) clear} (like unread data): {@code ONESHOT} reports it once
 *       and again after each re-arm while it stays ready, {@code LEVEL} at every poll, the edge
 *       modes once per fire. {@link #pulse(SelectableChannel, Readiness, Readiness...) pulse}
 *       makes it ready for one event only, as if the code under test consumed it at once.</li>
 *   <li>A poll with a positive timeout waits for <b>virtual</b> time: it returns 0 when
 *       {@link #advance(Duration)} has moved the clock past its deadline, so a timeout test takes
 *       no real time. With {@link Clock#AUTO_ADVANCE} such a poll jumps the clock to its deadline
 *       at once (for single-threaded tests); with {@link Clock#REAL_TIME} it waits in real time
 *       like an OS backend. {@link Duration#ZERO} never waits; {@code null} waits for an event or
 *       {@link Poller#wakeup()}.</li>
 *   <li>{@link #calls()} lists what the code under test did: adds, modifies, deletes, polls (with
 *       their timeouts and results) and close.</li>
 * </ul>
 *
 * <pre>{@code
 * try (MockPoller mock = MockPoller.create()) {
 *     DispatchLoop loop = new DispatchLoop(mock.poller());  // the code under test
 *     loop.register(channel, 7);                            // adds the channel with key 7
 *     mock.pulse(channel, Readiness.READABLE);              // one readable event
 *     loop.runOnce();                                       // polls, handles key 7, re-arms
 *     assertEquals(Call.modify(channel, Event.readable(7), PollMode.ONESHOT), mock.calls().get(2));
 * }
 * }</pre>
 *
 * <p><b>Threads.</b> Every method is thread-safe. The usual shape is the event loop on its own
 * thread and the test firing, advancing and asserting; {@link #awaitBlockedPoll(Duration)} waits
 * until the loop is blocked in a poll that has seen everything fired so far. A blocked poll also
 * returns 0 when its thread is interrupted (the interrupt status stays set), as
 * {@link java.nio.channels.Selector#select()} does.
 *
 * <p>{@code Poller.create(Backend.MOCK)} (or {@code -Dpolling.backend=mock}) gives the same mock
 * without this driver: nothing ever becomes ready.
 */
public final class MockPoller implements AutoCloseable {
    private final Poller poller;
    private final MockBackend backend;

    private MockPoller(Poller poller, MockBackend backend) {
        this.poller = poller;
        this.backend = backend;
    }

    /**
     * A mock with every mode, raw descriptors, and a {@link Clock#MANUAL} clock.
     *
     * @return a new mock; close it (or its {@link #poller()}) when the test ends
     */
    public static MockPoller create() {
        return builder().create();
    }

    /**
     * Options for a mock that imitates a more limited backend, or runs its clock itself.
     *
     * @return a new builder with the defaults of {@link #create()}
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The poller to give the code under test.
     *
     * @return the same {@link Poller} at every call; its backend is {@link Backend#MOCK}
     */
    public Poller poller() {
        return poller;
    }

    /**
     * Makes a channel ready until {@link #clear(SelectableChannel)}: a new edge. The channel need
     * not be registered yet (readiness belongs to the source, as on a real socket); a closed one
     * never reports.
     *
     * @param channel the source to make ready
     * @param first   a readiness condition to add
     * @param more    further conditions to add at the same time
     * @throws dev.polling.ClosedPollerException if the poller is closed
     */
    public void fire(SelectableChannel channel, Readiness first, Readiness... more) {
        backend.fire(Objects.requireNonNull(channel, "channel"), bits(first, more), true);
    }

    /**
     * Makes raw descriptor {@code fd} ready until {@link #clear(int)}, as
     * {@link #fire(SelectableChannel, Readiness, Readiness...)} does for a channel.
     *
     * @param fd      the descriptor number to make ready; it need not exist in the OS
     * @param first   a readiness condition to add
     * @param more    further conditions to add at the same time
     * @throws dev.polling.ClosedPollerException if the poller is closed
     */
    public void fire(int fd, Readiness first, Readiness... more) {
        backend.fire(fd, bits(first, more), true);
    }

    /**
     * Makes the registered source with {@code key} ready until {@link #clearKey(long)}.
     *
     * @param key   the key the source is registered with now
     * @param first a readiness condition to add
     * @param more  further conditions to add at the same time
     * @throws IllegalStateException if no source, or more than one, is registered with {@code key}
     */
    public void fireKey(long key, Readiness first, Readiness... more) {
        backend.fireKey(key, bits(first, more), true);
    }

    /**
     * Makes a channel ready for one event: the event that reports it consumes it.
     *
     * @param channel the source to make ready
     * @param first   a readiness condition to add
     * @param more    further conditions to add at the same time
     * @throws dev.polling.ClosedPollerException if the poller is closed
     */
    public void pulse(SelectableChannel channel, Readiness first, Readiness... more) {
        backend.fire(Objects.requireNonNull(channel, "channel"), bits(first, more), false);
    }

    /**
     * Makes raw descriptor {@code fd} ready for one event.
     *
     * @param fd      the descriptor number to make ready; it need not exist in the OS
     * @param first   a readiness condition to add
     * @param more    further conditions to add at the same time
     * @throws dev.polling.ClosedPollerException if the poller is closed
     */
    public void pulse(int fd, Readiness first, Readiness... more) {
        backend.fire(fd, bits(first, more), false);
    }

    /**
     * Makes the registered source with {@code key} ready for one event.
     *
     * @param key   the key the source is registered with now
     * @param first a readiness condition to add
     * @param more  further conditions to add at the same time
     * @throws IllegalStateException if no source, or more than one, is registered with {@code key}
     */
    public void pulseKey(long key, Readiness first, Readiness... more) {
        backend.fireKey(key, bits(first, more), false);
    }

    /**
     * Takes all readiness away from a channel (the code under test drained it).
     *
     * @param channel the source to make not ready
     */
    public void clear(SelectableChannel channel) {
        backend.clear(Objects.requireNonNull(channel, "channel"), -1);
    }

    /**
     * Takes the given readiness away from a channel; the rest stays.
     *
     * @param channel the source to change
     * @param first   a readiness condition to take away
     * @param more    further conditions to take away at the same time
     */
    public void clear(SelectableChannel channel, Readiness first, Readiness... more) {
        backend.clear(Objects.requireNonNull(channel, "channel"), bits(first, more));
    }

    /**
     * Takes all readiness away from raw descriptor {@code fd}.
     *
     * @param fd the descriptor number to make not ready
     */
    public void clear(int fd) {
        backend.clear(fd, -1);
    }

    /**
     * Takes the given readiness away from raw descriptor {@code fd}; the rest stays.
     *
     * @param fd    the descriptor number to change
     * @param first a readiness condition to take away
     * @param more  further conditions to take away at the same time
     */
    public void clear(int fd, Readiness first, Readiness... more) {
        backend.clear(fd, bits(first, more));
    }

    /**
     * Takes all readiness away from the registered source with {@code key}.
     *
     * @param key the key the source is registered with now
     * @throws IllegalStateException if no source, or more than one, is registered with {@code key}
     */
    public void clearKey(long key) {
        backend.clearKey(key, -1);
    }

    /**
     * Moves the virtual clock forward; a poll whose deadline it passes returns 0.
     *
     * @param duration how far to move it; a duration too long for nanoseconds moves it as far as it goes
     * @throws IllegalArgumentException if {@code duration} is negative
     */
    public void advance(Duration duration) {
        long nanos;
        try {
            nanos = duration.toNanos();
        } catch (ArithmeticException tooLong) {
            nanos = Long.MAX_VALUE;
        }
        backend.advance(nanos);
    }

    /**
     * Virtual time since the mock was created.
     *
     * @return the clock's reading, never negative
     */
    public Duration elapsed() {
        return Duration.ofNanos(backend.now());
    }

    /**
     * Virtual time since creation in nanoseconds: a clock to give the code under test instead of
     * {@link System#nanoTime()}, so that its own deadlines move with the mock's.
     *
     * @return the clock's reading in nanoseconds, never negative
     */
    public long nanoTime() {
        return backend.now();
    }

    /**
     * Whether a poll is blocked now, having seen every fire, advance and registration made so far.
     *
     * @return {@code true} if the polling thread waits for something the test has yet to do
     */
    public boolean isPollBlocked() {
        return backend.isBlocked();
    }

    /**
     * Waits, up to {@code realTimeout} of real time, until a poll is blocked having seen every
     * change made so far: the event loop has handled what it could and waits for more.
     *
     * @param realTimeout the longest real time to wait
     * @return {@code true} once such a poll is blocked; false if no poll blocked in time, or the poller was closed
     * @throws InterruptedException if this thread is interrupted while waiting
     */
    public boolean awaitBlockedPoll(Duration realTimeout) throws InterruptedException {
        return backend.awaitBlocked(realTimeout.toNanos());
    }

    /**
     * The calls the poller accepted so far, oldest first.
     *
     * @return an immutable snapshot; later calls do not appear in it
     */
    public List<Call> calls() {
        List<MockCall> recorded = backend.calls();
        List<Call> result = new ArrayList<>(recorded.size());
        for (MockCall call : recorded) {
            result.add(toCall(call));
        }
        return List.copyOf(result);
    }

    /**
     * The calls of one kind accepted so far, oldest first.
     *
     * @param kind the kind to keep
     * @return an immutable snapshot of the calls of that kind
     */
    public List<Call> calls(Call.Kind kind) {
        Objects.requireNonNull(kind, "kind");
        return calls().stream().filter(c -> c.kind() == kind).toList();
    }

    /** Forgets the calls recorded so far, e.g. after the set-up of a test. */
    public void forgetCalls() {
        backend.forgetCalls();
    }

    /**
     * How many times {@link Poller#wakeup()} was called (including the one {@link Poller#close()}
     * makes), before coalescing.
     *
     * @return the count since the mock was created; {@link #forgetCalls()} does not reset it
     */
    public long wakeups() {
        return backend.wakeups();
    }

    /** Closes the poller (see {@link Poller#close()}). */
    @Override
    public void close() {
        try {
            poller.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // the mock holds no OS resource; never happens
        }
    }

    @Override
    public String toString() {
        return "MockPoller[elapsed=" + elapsed() + (poller.isClosed() ? ", closed]" : "]");
    }

    private static Call toCall(MockCall c) {
        return switch (c.op()) {
            case ADD -> new Call(Call.Kind.ADD, c.source(), event(c.key(), c.interest()), c.mode(), null, 0);
            case MODIFY -> new Call(Call.Kind.MODIFY, c.source(), event(c.key(), c.interest()), c.mode(), null, 0);
            case DELETE -> new Call(Call.Kind.DELETE, c.source(), null, null, null, 0);
            case POLL -> new Call(Call.Kind.POLL, null, null, null,
                    c.timeoutNanos() < 0 ? null : Duration.ofNanos(c.timeoutNanos()), c.events());
            case CLOSE -> Call.close();
        };
    }

    private static Event event(long key, int interest) {
        return switch (interest & Interest.BOTH) {
            case Interest.READABLE -> Event.readable(key);
            case Interest.WRITABLE -> Event.writable(key);
            case Interest.BOTH -> Event.all(key);
            default -> Event.none(key);
        };
    }

    private static int bits(Readiness first, Readiness... more) {
        int bits = bit(first);
        for (Readiness r : more) {
            bits |= bit(r);
        }
        return bits;
    }

    private static int bit(Readiness readiness) {
        return switch (Objects.requireNonNull(readiness, "readiness")) {
            case READABLE -> Interest.READABLE;
            case WRITABLE -> Interest.WRITABLE;
            case HANG_UP -> MockBackend.HANG_UP;
            case ERROR -> MockBackend.ERROR;
        };
    }

    /** How the clock that poll timeouts are measured on moves. */
    public enum Clock {
        /** Only {@link MockPoller#advance} moves it: a poll with a timeout waits until the test moves it past the deadline. */
        MANUAL,
        /** A poll with a timeout and nothing to report moves the clock to its deadline and returns 0 at once. */
        AUTO_ADVANCE,
        /** The clock follows real time (plus any {@link MockPoller#advance}): timeouts take as long as on an OS backend. */
        REAL_TIME
    }

    /** Options for {@link MockPoller}: which modes it accepts, and how its clock moves. */
    public static final class Builder {
        private boolean level = true;
        private boolean edge = true;
        private boolean rawDescriptors = true;
        private Clock clock = Clock.MANUAL;

        private Builder() {
        }

        /**
         * Whether {@code PollMode.LEVEL} is accepted (default true); false imitates e.g. event ports.
         *
         * @param supported whether {@link Poller#supportsLevel()} reports {@code true}
         * @return this builder
         */
        public Builder level(boolean supported) {
            this.level = supported;
            return this;
        }

        /**
         * Whether the edge modes are accepted (default true); false imitates poll, AFD or the selector.
         *
         * @param supported whether {@link Poller#supportsEdge()} reports {@code true}
         * @return this builder
         */
        public Builder edge(boolean supported) {
            this.edge = supported;
            return this;
        }

        /**
         * Whether raw descriptors are accepted (default true); false imitates the selector backend.
         *
         * @param supported whether {@code add(int, ...)} and the other raw-descriptor calls are accepted
         * @return this builder
         */
        public Builder rawDescriptors(boolean supported) {
            this.rawDescriptors = supported;
            return this;
        }

        /**
         * How the clock moves (default {@link Clock#MANUAL}).
         *
         * @param clock how poll timeouts are measured
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Creates the mock.
         *
         * @return a new mock with these options; the builder may be used again
         */
        public MockPoller create() {
            MockConfig.Clock mode = switch (clock) {
                case MANUAL -> MockConfig.Clock.MANUAL;
                case AUTO_ADVANCE -> MockConfig.Clock.AUTO;
                case REAL_TIME -> MockConfig.Clock.REAL;
            };
            try (MockCapture capture = MockCapture.start(new MockConfig(level, edge, rawDescriptors, mode))) {
                Poller poller = Poller.create(Backend.MOCK);
                return new MockPoller(poller, capture.opened());
            } catch (IOException e) {
                throw new UncheckedIOException("the mock backend cannot fail to open", e);
            }
        }
    }
}
