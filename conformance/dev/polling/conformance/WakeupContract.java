package dev.polling.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.Pipe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import dev.polling.Event;
import dev.polling.Events;

/** {@code wakeup()}: ends a blocked or the next poll, coalesces, is never an event, any thread. */
public interface WakeupContract extends ConformanceFixture {

    @Test
    default void shouldEndBlockedPollOnWakeupFromAnotherThread() throws Exception {
        registeredPipe(Event.readable(1));
        AtomicBoolean wakeupCalled = new AtomicBoolean();
        Events events = Events.withCapacity(8);
        Future<Boolean> poll = async(() -> {
            int n = poller().poll(events, null);
            assertEquals(0, n, () -> "a wake-up returned events: " + events);
            return wakeupCalled.get();
        });
        letPollBlock();

        wakeupCalled.set(true);
        poller().wakeup();
        assertTrue(await(poll, "a poll blocked without timeout, after wakeup()"),
                "the poll returned before wakeup() was called, with nothing ready");
    }

    @Test
    default void shouldMakeNextPollReturnWhenWokenBeforeIt() throws IOException {
        registeredPipe(Event.readable(2));
        poller().wakeup();

        Events events = Events.withCapacity(8);
        long start = System.nanoTime();
        assertEquals(0, poller().poll(events, CEILING));
        assertTrue(ConformanceFixture.elapsedSince(start) < CEILING.toNanos() / 2,
                "a wakeup() before the poll did not make it return early");
    }

    @Test
    default void shouldCoalesceManyWakeupsIntoOneEarlyReturn() throws IOException {
        for (int i = 0; i < 100; i++) {
            poller().wakeup();
        }
        Events events = Events.withCapacity(8);
        long start = System.nanoTime();
        assertEquals(0, poller().poll(events, CEILING));
        assertTrue(ConformanceFixture.elapsedSince(start) < CEILING.toNanos() / 2, "the wake-ups were lost");

        Duration timeout = Duration.ofMillis(100);
        long again = System.nanoTime();
        assertEquals(0, poller().poll(events, timeout));
        long elapsed = ConformanceFixture.elapsedSince(again);
        assertTrue(elapsed >= timeout.toNanos(),
                () -> "100 wake-ups before a poll woke more than one poll: the next returned after " + elapsed + " ns");
    }

    @Test
    default void shouldNeverReportWakeupAsEvent() throws IOException {
        Pipe pipe = registeredPipe(Event.readable(3));
        sources().makeReadable(pipe.source());
        poller().wakeup();

        // Both the wake-up and the source are ready: only the source may be reported, in one or two polls.
        Events events = Events.withCapacity(8);
        int seen = 0;
        for (int polls = 0; polls < 2 && seen == 0; polls++) {
            int n = poller().poll(events, CEILING);
            for (int i = 0; i < n; i++) {
                assertNotEquals(Event.RESERVED_KEY, events.key(i), "the wake-up showed up as an event");
                assertEquals(3, events.key(i), () -> "unexpected event " + events);
                seen++;
            }
        }
        assertEquals(1, seen, "the ready source was not reported exactly once");

        poller().wakeup();
        assertEquals(0, poller().poll(events, CEILING), () -> "a lone wake-up returned " + events);
        assertEquals(0, events.size());
    }

    @Test
    default void shouldSurviveConcurrentWakeupsFromManyThreads() throws Exception {
        int threads = 4;
        int wakeupsEach = 2_000;
        AtomicBoolean stop = new AtomicBoolean();
        Events events = Events.withCapacity(8);
        Future<Integer> pollLoop = async(() -> {
            int polls = 0;
            while (!stop.get()) {
                assertEquals(0, poller().poll(events, null), () -> "a wake-up returned events: " + events);
                polls++;
            }
            return polls;
        });
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Void>> wakers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            wakers.add(async(() -> {
                start.await();
                for (int i = 0; i < wakeupsEach; i++) {
                    poller().wakeup();
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<Void> waker : wakers) {
            await(waker, "a thread calling wakeup()");
        }
        stop.set(true);
        poller().wakeup();
        await(pollLoop, "the poll loop, after a last wakeup()");

        // At most one wake-up may still be pending; after it, a poll must block for its timeout.
        poller().poll(events, Duration.ZERO);
        Duration timeout = Duration.ofMillis(50);
        long again = System.nanoTime();
        assertEquals(0, poller().poll(events, timeout));
        assertTrue(ConformanceFixture.elapsedSince(again) >= timeout.toNanos(),
                "wake-up state stuck after concurrent wake-ups: polls no longer block");
    }

    @Test
    default void shouldStillDeliverEventsAfterManyWakeups() throws IOException {
        Pipe pipe = registeredPipe(Event.readable(4));
        Events events = Events.withCapacity(8);
        for (int i = 0; i < 50; i++) {
            poller().wakeup();
            assertEquals(0, poller().poll(events, CEILING), "wake-up round " + i);
        }
        sources().makeReadable(pipe.source());
        assertReadableEvent(4);
    }

    @Test
    default void shouldIgnoreWakeupAfterClose() throws Exception {
        poller().close();
        poller().wakeup();
        Future<Void> other = async(() -> {
            poller().wakeup();
            return null;
        });
        await(other, "wakeup() on a closed poller from another thread");
        assertTrue(poller().isClosed());
    }
}
