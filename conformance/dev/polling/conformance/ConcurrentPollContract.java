package dev.polling.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.Pipe;
import java.time.Duration;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.polling.Event;
import dev.polling.Events;

/** One thread polls at a time: a second concurrent poll waits its turn and nothing is duplicated. */
public interface ConcurrentPollContract extends ConformanceFixture {

    @Test
    default void shouldMakeSecondConcurrentPollWaitItsTurn() throws Exception {
        // Whether the first poll is already blocked when the second starts is up to the scheduler,
        // so a round where the second poll got in first proves nothing and is retried. A poller
        // that lets two polls run at once fails every round.
        int rounds = 5;
        for (int round = 0; round < rounds; round++) {
            Events first = Events.withCapacity(8);
            Events second = Events.withCapacity(8);
            Future<Integer> blocked = async(() -> poller().poll(first, null));
            letPollBlock();
            Future<Integer> waiting = async(() -> poller().poll(second, Duration.ZERO));
            letPollBlock();
            boolean secondWaited = !waiting.isDone() && !blocked.isDone();

            poller().wakeup();
            assertEquals(0, await(blocked, "the first poll, after wakeup()"));
            assertEquals(0, await(waiting, "the second poll, after the first returned"));
            if (secondWaited) {
                return;
            }
            // The second poll got in first: the wake-up went to the first one instead. Both returned.
            poller().poll(first, Duration.ZERO); // consume a wake-up that might still be pending
        }
        throw new AssertionError("in " + rounds + " rounds a non-blocking poll never waited for a blocked one:"
                + " two polls ran at once");
    }

    @Test
    default void shouldNotDuplicateEventsBetweenConcurrentPolls() throws Exception {
        Pipe pipe = registeredPipe(Event.readable(1));
        sources().makeReadable(pipe.source());
        CyclicBarrier bothReady = new CyclicBarrier(2);
        Duration timeout = Duration.ofMillis(20);
        for (int round = 0; round < 30; round++) {
            Future<Integer> a = async(() -> pollAfter(bothReady, timeout));
            Future<Integer> b = async(() -> pollAfter(bothReady, timeout));
            int reported = await(a, "poll A") + await(b, "poll B");
            assertEquals(1, reported, "round " + round + ": one ready oneshot source, two concurrent polls");
            poller().modify(pipe.source(), Event.readable(1));
        }
    }

    /** Waits for the other thread, polls, and returns how many events for key 1 it got. */
    private int pollAfter(CyclicBarrier barrier, Duration timeout) throws Exception {
        Events events = Events.withCapacity(4);
        barrier.await(CEILING.toNanos(), TimeUnit.NANOSECONDS);
        int n = poller().poll(events, timeout);
        for (int i = 0; i < n; i++) {
            assertEquals(1, events.key(i), () -> "unexpected event " + events);
        }
        assertTrue(n <= 1, () -> "one source reported twice in one poll: " + events);
        return n;
    }
}
