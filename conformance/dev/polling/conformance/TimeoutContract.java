package dev.polling.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.channels.Pipe;
import java.time.Duration;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.polling.Backend;
import dev.polling.Event;
import dev.polling.Events;

/**
 * Timeouts: zero never blocks, a positive one never ends early and not much late, sub-millisecond
 * ones are honoured, {@code null} waits for an event or a wake-up. "Never early" is asserted
 * strictly; "not late" against {@link #LATE_SLACK}, generous for a loaded machine.
 */
public interface TimeoutContract extends ConformanceFixture {
    /** How much later than asked a timed-out poll may return on a loaded machine. */
    Duration LATE_SLACK = Duration.ofSeconds(2);

    @Test
    default void shouldNotBlockOnZeroTimeout() throws IOException {
        registeredPipe(Event.readable(1)); // registered, never ready
        Events events = Events.withCapacity(8);
        for (int i = 0; i < 20; i++) {
            long start = System.nanoTime();
            assertEquals(0, poller().poll(events, Duration.ZERO));
            long elapsed = ConformanceFixture.elapsedSince(start);
            assertTrue(elapsed < LATE_SLACK.toNanos(), () -> "Duration.ZERO blocked for " + elapsed + " ns");
        }
    }

    @Test
    default void shouldReturnReadyEventOnZeroTimeout() throws IOException {
        Pipe pipe = registeredPipe(Event.readable(2));
        sources().makeReadable(pipe.source());
        pollForEvents(1); // the data has arrived once a blocking poll saw it...
        poller().modify(pipe.source(), Event.readable(2));

        Events events = Events.withCapacity(8);
        assertEquals(1, poller().poll(events, Duration.ZERO), "...so a non-blocking poll must report it");
        assertOnlyEvent(events, 2, true, false);
    }

    @ParameterizedTest(name = "{0} ms")
    @ValueSource(longs = {1, 2, 10, 50})
    default void shouldNeverReturnEarlyFromPositiveTimeout(long millis) throws IOException {
        registeredPipe(Event.readable(3));
        assertTimesOut(Duration.ofMillis(millis));
    }

    @Test
    default void shouldNeverReturnEarlyFromSubMillisecondTimeout() throws IOException {
        registeredPipe(Event.readable(4));
        for (int i = 0; i < 5; i++) {
            assertTimesOut(Duration.ofNanos(300_000));
        }
        assertTimesOut(Duration.ofNanos(1));
    }

    @Test
    default void shouldHonourSubMillisecondTimeoutsOnEpoll() throws IOException {
        // Only EPOLL (epoll_pwait2) and IO_URING (a timespec) promise sub-millisecond resolution; the
        // others round up to 1 ms, which the test above already accepts. Here every size is checked.
        assumeTrue(backend() == Backend.EPOLL || backend() == Backend.IO_URING,
                "only EPOLL and IO_URING claim sub-millisecond timeout resolution");
        registeredPipe(Event.readable(5));
        for (long nanos : new long[] {1, 1_000, 50_000, 300_000, 999_999, 1_000_001}) {
            for (int i = 0; i < 5; i++) {
                assertTimesOut(Duration.ofNanos(nanos));
            }
        }
    }

    @Test
    default void shouldEmptyEventsWhenPollTimesOut() throws IOException {
        Pipe pipe = registeredPipe(Event.readable(6));
        sources().makeReadable(pipe.source());
        Events events = pollForEvents(8);
        assertEquals(1, events.size());

        assertEquals(0, poller().poll(events, Duration.ofMillis(1)));
        assertEquals(0, events.size(), "a poll that timed out left the previous events in the buffer");
    }

    @Test
    default void shouldBlockUntilEventWithNullTimeout() throws Exception {
        Pipe pipe = registeredPipe(Event.readable(7));
        Events events = Events.withCapacity(8);
        Future<Integer> poll = async(() -> poller().poll(events, null));
        letPollBlock();
        assertFalse(poll.isDone(), "a poll with no timeout returned with nothing ready");

        sources().makeReadable(pipe.source());
        assertEquals(1, await(poll, "a poll with no timeout, after its source became ready"));
        assertOnlyEvent(events, 7, true, false);
    }

    @Test
    default void shouldTreatHugeTimeoutAsUnbounded() throws Exception {
        Pipe pipe = registeredPipe(Event.readable(8));
        Events events = Events.withCapacity(8);
        Duration forever = Duration.ofSeconds(Long.MAX_VALUE); // overflows a long of nanoseconds
        Future<Integer> poll = async(() -> poller().poll(events, forever));
        letPollBlock();
        assertFalse(poll.isDone(), "a poll with a huge timeout returned at once with nothing ready");

        sources().makeReadable(pipe.source());
        assertEquals(1, await(poll, "a poll with a huge timeout, after its source became ready"));
        assertOnlyEvent(events, 8, true, false);
    }

    /** Polls with {@code timeout} where nothing becomes ready: never early, not much late. */
    private void assertTimesOut(Duration timeout) throws IOException {
        Events events = Events.withCapacity(8);
        long start = System.nanoTime();
        int n = poller().poll(events, timeout);
        long elapsed = ConformanceFixture.elapsedSince(start);
        assertEquals(0, n, () -> "nothing was ready, yet the poll reported " + events);
        assertTrue(elapsed >= timeout.toNanos(),
                () -> "a " + timeout.toNanos() + " ns timeout returned early, after " + elapsed + " ns");
        assertTrue(elapsed < timeout.plus(LATE_SLACK).toNanos(),
                () -> "a " + timeout.toNanos() + " ns timeout returned " + elapsed + " ns later");
    }
}
