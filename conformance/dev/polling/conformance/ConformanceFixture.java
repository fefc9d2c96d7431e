package dev.polling.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.channels.Pipe;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.polling.Backend;
import dev.polling.Event;
import dev.polling.Events;
import dev.polling.Poller;

/**
 * What every conformance contract needs from the test that runs it: the poller under test, the
 * {@link SourceKit} that makes its sources ready, a way to run code on another thread, and the
 * assertions the contracts share. {@link PollerConformanceTest} implements it.
 *
 * <p>Timing rules: waits that must end are bounded by {@link #CEILING} (generous: CI is a loaded
 * 2-core machine); "nothing happens" is checked by a non-blocking poll and then a short
 * {@link #QUIET} one, so a correct backend passes however slow the machine is.
 */
public interface ConformanceFixture {
    /** The longest any wait that must end may take before the test fails. */
    Duration CEILING = Duration.ofSeconds(10);
    /** How long a poll waits to show that nothing is reported. */
    Duration QUIET = Duration.ofMillis(50);

    /** The backend under test. */
    Backend backend();

    /** The poller under test, opened afresh for each test and closed after it. */
    Poller poller();

    /** The sources of this test, bound to {@link #poller()}; closed after the test. */
    SourceKit sources();

    /** A fresh poller of the backend under test, closed after the test (for lifecycle tests). */
    Poller newPoller() throws IOException;

    /** Runs {@code task} on another thread of this test; the thread is stopped after the test. */
    <T> Future<T> async(Callable<T> task);

    /** Waits for {@code future} at most {@link #CEILING}, failing the test if it does not end. */
    default <T> T await(Future<T> future, String what) throws Exception {
        try {
            return future.get(CEILING.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return fail(what + " did not finish within " + CEILING);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /**
     * Waits (boundedly) until a poll started with {@link #async} is blocked: inside the OS wait, or
     * parked. Never needed for correctness: every test that calls it must pass whichever side of the
     * race runs first; waiting only makes "the poll was already blocked" the usual case rather than
     * a rare one.
     */
    void letPollBlock();

    /** A pipe whose read end is registered with {@code interest} in the default (oneshot) mode. */
    default Pipe registeredPipe(Event interest) throws IOException {
        Pipe pipe = sources().newPipe();
        poller().add(pipe.source(), interest);
        return pipe;
    }

    /** Polls with a {@link #CEILING} timeout, which must return events. */
    default Events pollForEvents(int capacity) throws IOException {
        Events events = Events.withCapacity(capacity);
        int n = poller().poll(events, CEILING);
        assertTrue(n > 0, "expected events within " + CEILING + " but the poll returned none");
        assertEquals(n, events.size(), "poll's result and Events.size() disagree");
        return events;
    }

    /** Polls until an event arrives and asserts it is exactly one, for {@code key}, readable only. */
    default void assertReadableEvent(long key) throws IOException {
        assertOnlyEvent(pollForEvents(8), key, true, false);
    }

    /** Asserts that {@code events} holds exactly one event, for {@code key}, with that readiness. */
    default void assertOnlyEvent(Events events, long key, boolean readable, boolean writable) {
        assertEquals(1, events.size(), () -> "expected one event for key " + key + ", got " + events);
        assertEquals(key, events.key(0), () -> "wrong key in " + events);
        assertEquals(readable, events.isReadable(0), () -> "readable flag wrong in " + events);
        assertEquals(writable, events.isWritable(0), () -> "writable flag wrong in " + events);
    }

    /** Asserts that neither a non-blocking poll nor a {@link #QUIET} one reports anything. */
    default void assertQuiet(String why) throws IOException {
        Events events = Events.withCapacity(8);
        assertEquals(0, poller().poll(events, Duration.ZERO), () -> why + ": non-blocking poll reported " + events);
        assertEquals(0, events.size(), () -> why + ": Events not emptied: " + events);
        assertEquals(0, poller().poll(events, QUIET), () -> why + ": " + QUIET + " poll reported " + events);
    }

    /**
     * Proves the poller still works after a failed call: a new source reports its event, and
     * {@code witness} (registered before the failure, readable interest, oneshot, not yet fired,
     * key {@code witnessKey}) is still registered and reports too.
     */
    default void assertStillWorks(Pipe witness, long witnessKey) throws IOException {
        Pipe fresh = sources().newPipe();
        long freshKey = witnessKey + 1;
        poller().add(fresh.source(), Event.readable(freshKey));
        sources().makeReadable(fresh.source());
        sources().makeReadable(witness.source());
        boolean sawFresh = false;
        boolean sawWitness = false;
        Events events = Events.withCapacity(8);
        long deadline = System.nanoTime() + CEILING.toNanos();
        while (!(sawFresh && sawWitness) && System.nanoTime() - deadline < 0) {
            int n = poller().poll(events, CEILING);
            for (int i = 0; i < n; i++) {
                long key = events.key(i);
                if (key == freshKey && !sawFresh) {
                    sawFresh = true;
                } else if (key == witnessKey && !sawWitness) {
                    sawWitness = true;
                } else {
                    fail("unexpected or duplicated event after a failed call: " + events);
                }
            }
        }
        assertTrue(sawFresh, "a source added after the failed call never reported");
        assertTrue(sawWitness, "a source registered before the failed call never reported: the failure broke it");
        poller().delete(fresh.source());
    }

    /** Nanoseconds since {@code startNanos}. */
    static long elapsedSince(long startNanos) {
        return System.nanoTime() - startNanos;
    }
}
