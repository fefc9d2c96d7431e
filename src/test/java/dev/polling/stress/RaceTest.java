package dev.polling.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.polling.Backend;
import dev.polling.ClosedPollerException;
import dev.polling.Event;
import dev.polling.Events;
import dev.polling.Poller;

/**
 * Registration changes, closes and wake-ups racing a poll blocked in another thread. Where it
 * matters, the change is made only once {@code /proc} shows the polling thread inside the OS wait
 * (epoll_wait, poll, ...), so each round really races a blocked poll; the count of such rounds is
 * printed.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RaceTest {
    private static final long WITNESS = 1;
    private static final long RACED = 2;
    private static final Duration CEILING = StressSettings.CEILING;
    private static final int ROUNDS = StressSettings.RACE_ROUNDS;

    private final ByteBuffer scratch = ByteBuffer.allocate(64);

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Backend.class, names = {"EPOLL", "POLL", "SELECTOR", "IO_URING"})
    void shouldNeverReportASourceDeletedDuringABlockedPoll(Backend backend) throws Exception {
        StressBackends.assumeProcFs();
        try (Poller poller = StressBackends.open(backend);
             Pipes pipes = Pipes.open(2)) {
            Pipe witness = pipes.get(0);
            Pipe raced = pipes.get(1);
            poller.add(witness.source(), Event.readable(WITNESS));
            int blocked = 0;
            for (int round = 0; round < ROUNDS; round++) {
                poller.add(raced.source(), Event.readable(RACED));
                Events events = Events.withCapacity(8);
                PollThread<Integer> poll = PollThread.start(() -> poller.poll(events, CEILING));
                blocked += poll.awaitBlockedInWait(CEILING) > 0 ? 1 : 0;

                poller.delete(raced.source());
                Pipes.writeBytes(raced.sink(), 1);
                Pipes.writeBytes(witness.sink(), 1);

                int n = poll.result(CEILING);
                assertEquals(1, n, () -> backend + ": expected the witness only, got " + events);
                assertEquals(WITNESS, events.key(0), () -> backend + ": a deleted source was reported: " + events);
                Pipes.drain(witness.source(), scratch);
                Pipes.drain(raced.source(), scratch);
                poller.modify(witness.source(), Event.readable(WITNESS));
            }
            StressReport.print("race-delete-during-poll", backend, "rounds=" + ROUNDS + " verifiedBlocked=" + blocked);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Backend.class, names = {"EPOLL", "POLL", "SELECTOR", "IO_URING"})
    void shouldDeliverAReArmMadeDuringABlockedPollWithoutWakeup(Backend backend) throws Exception {
        StressBackends.assumeProcFs();
        try (Poller poller = StressBackends.open(backend);
             Pipes pipes = Pipes.open(1)) {
            Pipe raced = pipes.get(0);
            poller.add(raced.source(), Event.readable(RACED));
            Pipes.writeBytes(raced.sink(), 1); // stays unread: ready, but disarmed after each event
            Events events = Events.withCapacity(8);
            assertEquals(1, poller.poll(events, CEILING));
            int blocked = 0;
            for (int round = 0; round < ROUNDS; round++) {
                long key = 100 + round;
                PollThread<Integer> poll = PollThread.start(() -> poller.poll(events, CEILING));
                blocked += poll.awaitBlockedInWait(CEILING) > 0 ? 1 : 0;

                poller.modify(raced.source(), Event.readable(key)); // no wakeup()

                assertEquals(1, poll.result(CEILING), () -> backend + ": the re-armed source was not reported");
                assertEquals(key, events.key(0), () -> backend + ": wrong key in " + events);
            }
            StressReport.print("race-modify-during-poll", backend, "rounds=" + ROUNDS + " verifiedBlocked=" + blocked);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Backend.class, names = {"EPOLL", "POLL", "SELECTOR", "IO_URING"})
    void shouldSurviveARegisteredChannelClosedDuringABlockedPoll(Backend backend) throws Exception {
        StressBackends.assumeProcFs();
        try (Poller poller = StressBackends.open(backend);
             Pipes pipes = Pipes.open(1)) {
            Pipe witness = pipes.get(0);
            poller.add(witness.source(), Event.readable(WITNESS));
            int blocked = 0;
            int closedReported = 0;
            for (int round = 0; round < ROUNDS; round++) {
                Pipe doomed = Pipes.openOne();
                poller.add(doomed.source(), Event.readable(RACED));
                Events events = Events.withCapacity(8);
                PollThread<Integer> poll = PollThread.start(() -> poller.poll(events, CEILING));
                blocked += poll.awaitBlockedInWait(CEILING) > 0 ? 1 : 0;

                doomed.source().close(); // registered, never deleted
                Pipes.writeBytes(witness.sink(), 1);

                int n = poll.result(CEILING);
                boolean sawWitness = false;
                for (int i = 0; i < n; i++) {
                    sawWitness |= events.key(i) == WITNESS;
                    closedReported += events.key(i) == RACED ? 1 : 0;
                }
                if (!sawWitness) { // the close itself may end the first poll; the witness must follow
                    assertEquals(1, poller.poll(events, CEILING), () -> backend + ": the witness was not reported");
                    assertEquals(WITNESS, events.key(0));
                }
                poller.delete(doomed.source()); // documented: a channel closed while registered may be deleted
                doomed.sink().close();
                Pipes.drain(witness.source(), scratch);
                poller.modify(witness.source(), Event.readable(WITNESS));
            }
            StressReport.print("race-close-channel-during-poll", backend, "rounds=" + ROUNDS + " verifiedBlocked=" + blocked
                    + " closedSourceReported=" + closedReported);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Backend.class, names = {"EPOLL", "POLL", "SELECTOR", "IO_URING"})
    void shouldEndABlockedPollWhenThePollerIsClosed(Backend backend) throws Exception {
        StressBackends.assumeProcFs();
        StressBackends.open(backend).close(); // skips here if the backend is missing
        int rounds = Math.max(1, ROUNDS / 4);
        int blocked = 0;
        try (Pipes pipes = Pipes.open(1)) {
            int descriptorsBefore = ProcFs.openDescriptors();
            for (int round = 0; round < rounds; round++) {
                Poller poller = Poller.create(backend);
                poller.add(pipes.source(0), Event.readable(WITNESS));
                Events events = Events.withCapacity(8);
                PollThread<Integer> poll = PollThread.start(() -> poller.poll(events, null));
                blocked += poll.awaitBlockedInWait(CEILING) > 0 ? 1 : 0;

                poller.close();

                assertEquals(0, poll.result(CEILING), () -> backend + ": a poll ended by close reported " + events);
                assertThrows(ClosedPollerException.class, () -> poller.poll(events, Duration.ZERO));
                poller.wakeup(); // harmless after close
            }
            int descriptorsAfter = ProcFs.openDescriptors(); // fewer is fine: a leak is growth
            assertTrue(descriptorsAfter <= descriptorsBefore, backend + ": " + (descriptorsAfter - descriptorsBefore)
                    + " descriptors leaked by close");
        }
        StressReport.print("race-close-poller-during-poll", backend, "rounds=" + rounds + " verifiedBlocked=" + blocked);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Backend.class, names = {"EPOLL", "POLL", "SELECTOR", "IO_URING"})
    void shouldAcceptRegistrationChurnWhileAnotherThreadPolls(Backend backend) throws Exception {
        int rounds = ROUNDS * 50;
        try (Poller poller = StressBackends.open(backend);
             Pipes pipes = Pipes.open(1)) {
            Pipe churned = pipes.get(0);
            poller.add(churned.source(), Event.readable(RACED));
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong polls = new AtomicLong();
            PollThread<Void> poller2 = PollThread.start(() -> {
                Events events = Events.withCapacity(8);
                while (!stop.get()) {
                    // Alternately a blocking and a non-blocking poll: selections start and end
                    // as often as possible while the registration changes.
                    poller.poll(events, (polls.incrementAndGet() & 1) == 0 ? Duration.ZERO : Duration.ofMillis(1));
                }
                return null;
            });
            AtomicReference<String> step = new AtomicReference<>();
            try {
                for (int round = 0; round < rounds; round++) {
                    step.set("delete, round " + round);
                    poller.delete(churned.source());
                    step.set("add after delete, round " + round);
                    poller.add(churned.source(), Event.readable(RACED));
                    step.set("modify right after add, round " + round);
                    poller.modify(churned.source(), Event.none(RACED));
                    step.set("modify back, round " + round);
                    poller.modify(churned.source(), Event.readable(RACED + 1));
                }
            } catch (IllegalStateException e) {
                throw new AssertionError(backend + ": " + step.get() + " while another thread polls: " + e.getMessage(), e);
            } finally {
                stop.set(true);
                poller2.result(CEILING);
            }
            Pipes.writeBytes(churned.sink(), 1);
            Events events = Events.withCapacity(8);
            assertEquals(1, poller.poll(events, CEILING), () -> backend + ": the churned source was not reported");
            assertEquals(RACED + 1, events.key(0), () -> backend + ": reported under an old key: " + events);
            StressReport.print("race-churn-while-polling", backend, "rounds=" + rounds + " concurrentPolls=" + polls.get());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Backend.class, names = {"EPOLL", "POLL", "SELECTOR", "IO_URING"})
    void shouldCoalesceAWakeupStorm(Backend backend) throws Exception {
        StressBackends.assumeProcFs();
        int calls = StressSettings.WAKEUPS;
        try (Poller poller = StressBackends.open(backend);
             Pipes pipes = Pipes.open(1)) {
            poller.add(pipes.source(0), Event.readable(WITNESS));
            Events events = Events.withCapacity(8);
            int descriptorsBefore = ProcFs.openDescriptors();

            // A storm with nobody polling: the next poll returns at once, and only that one.
            storm(poller, calls / 2);
            long start = System.nanoTime();
            assertEquals(0, poller.poll(events, CEILING), () -> backend + ": a wake-up showed as an event: " + events);
            assertTrue(System.nanoTime() - start < CEILING.toNanos() / 2, backend + ": the pending wake-up did not end the poll");
            assertQuietFor(poller, Duration.ofMillis(50), backend + ": a second poll returned early after one storm");

            // A storm while a thread polls: it may return many times, then nothing is left over.
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong returns = new AtomicLong();
            PollThread<Void> polling = PollThread.start(() -> {
                Events mine = Events.withCapacity(8);
                while (!stop.get()) {
                    int n = poller.poll(mine, CEILING);
                    if (n != 0) {
                        throw new AssertionError("a wake-up showed as an event: " + mine);
                    }
                    returns.incrementAndGet();
                }
                return null;
            });
            storm(poller, calls - calls / 2);
            stop.set(true);
            poller.wakeup();
            polling.result(CEILING);
            poller.poll(events, Duration.ZERO); // at most one wake-up can still be pending: consume it
            assertQuietFor(poller, Duration.ofMillis(50), backend + ": wake-ups leaked past the storm");

            Pipes.writeBytes(pipes.get(0).sink(), 1);
            assertEquals(1, poller.poll(events, CEILING), backend + ": the poller stopped working after the storm");
            int descriptorsAfter = ProcFs.openDescriptors(); // fewer is fine: a leak is growth
            assertTrue(descriptorsAfter <= descriptorsBefore, backend + ": " + (descriptorsAfter - descriptorsBefore)
                    + " descriptors leaked");
            assertTrue(returns.get() <= calls, "more poll returns than wake-ups");
            StressReport.print("wakeup-storm", backend, "calls=" + calls + " threads=2 pollReturnsDuringStorm=" + returns.get());
        }
    }

    /** {@code calls} wakeup() calls from two threads at once. */
    private static void storm(Poller poller, int calls) throws Exception {
        PollThread<Void> other = PollThread.start(() -> {
            for (int i = 0; i < calls / 2; i++) {
                poller.wakeup();
            }
            return null;
        });
        for (int i = calls / 2; i < calls; i++) {
            poller.wakeup();
        }
        other.result(CEILING);
    }

    /** A poll of {@code wait} reports nothing and does not return early. */
    private static void assertQuietFor(Poller poller, Duration wait, String message) throws Exception {
        Events events = Events.withCapacity(8);
        long start = System.nanoTime();
        assertEquals(0, poller.poll(events, wait), message);
        assertFalse(System.nanoTime() - start < wait.toNanos(), message);
    }
}
