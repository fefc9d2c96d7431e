package dev.polling.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.polling.Backend;
import dev.polling.Event;
import dev.polling.Events;
import dev.polling.Poller;

/**
 * EINTR with real signals: SIGWINCH, with a handler installed, sent by {@code tgkill(2)} to the
 * polling thread while {@code /proc} shows it blocked in the OS wait. epoll_wait and poll are
 * never restarted after a handler, so each such signal ends the wait with EINTR (signal(7)). The
 * test checks that the handler ran (a counter) and that the thread went back into the wait (its
 * voluntary context switches rose, and /proc shows it waiting again): then that no error
 * surfaced, no event was lost, and the timeout still held.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SignalTest {
    private static final Duration CEILING = StressSettings.CEILING;
    /** The timeout that signals keep interrupting. */
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    /** Signals stop this long before the timeout, so that none races the end of the poll on a loaded machine. */
    private static final Duration MARGIN = Duration.ofSeconds(1);
    /** How much later than its timeout a poll may return on a loaded machine. */
    private static final Duration LATE_SLACK = Duration.ofSeconds(3);

    @BeforeAll
    static void installHandler() throws ReflectiveOperationException {
        StressBackends.assumeProcFs();
        Signals.installCountingHandler();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Backend.class, names = {"EPOLL", "POLL", "SELECTOR", "IO_URING"})
    void shouldHonourTheTimeoutWhileSignalsInterruptTheWait(Backend backend) throws Exception {
        try (Poller poller = StressBackends.open(backend);
             Pipes pipes = Pipes.open(1)) {
            poller.add(pipes.source(0), Event.readable(1)); // registered, never ready
            Events events = Events.withCapacity(8);
            long start = System.nanoTime();
            PollThread<Integer> poll = PollThread.start(() -> poller.poll(events, TIMEOUT));
            Interrupter signals = new Interrupter(poll);
            while (System.nanoTime() - start < TIMEOUT.minus(MARGIN).toNanos() && signals.sent < StressSettings.SIGNALS) {
                if (!signals.interruptOnce()) {
                    break;
                }
            }

            int n = poll.result(CEILING);
            long elapsed = System.nanoTime() - start;
            StressReport.print("eintr-timeout", backend, signals.counts() + " elapsedMs=" + elapsed / 1_000_000);
            assertEquals(0, n, () -> backend + ": signals made a poll report " + events);
            assertTrue(elapsed >= TIMEOUT.toNanos(), () -> backend + ": returned early, after " + elapsed + " ns");
            assertTrue(elapsed < TIMEOUT.plus(LATE_SLACK).toNanos(), () -> backend + ": returned late, after " + elapsed + " ns");
            signals.assertEveryInterruptionVerified(backend);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Backend.class, names = {"EPOLL", "POLL", "SELECTOR", "IO_URING"})
    void shouldLoseNoEventWhileSignalsInterruptTheWait(Backend backend) throws Exception {
        int rounds = Math.max(1, StressSettings.SIGNALS / 2);
        ByteBuffer scratch = ByteBuffer.allocate(16);
        try (Poller poller = StressBackends.open(backend);
             Pipes pipes = Pipes.open(1)) {
            poller.add(pipes.source(0), Event.readable(7));
            Events events = Events.withCapacity(8);
            int sent = 0;
            int handled = 0;
            int reentered = 0;
            for (int round = 0; round < rounds; round++) {
                PollThread<Integer> poll = PollThread.start(() -> poller.poll(events, null));
                Interrupter signals = new Interrupter(poll);
                assertTrue(signals.interruptOnce(), () -> backend + ": the poll ended without an event");
                assertTrue(signals.interruptOnce(), () -> backend + ": the poll ended without an event");
                sent += signals.sent;
                handled += signals.handled;
                reentered += signals.reentered;

                pipes.write(0, 1);

                assertEquals(1, poll.result(CEILING), () -> backend + ": the event after the signals was lost");
                assertEquals(7, events.key(0));
                Pipes.drain(pipes.source(0), scratch);
                poller.modify(pipes.source(0), Event.readable(7));
            }
            StressReport.print("eintr-events", backend, "rounds=" + rounds + " signals=" + sent + " handled=" + handled
                    + " reentered=" + reentered);
            assertEquals(sent, handled, backend + ": a signal was not handled");
            assertEquals(sent, reentered, backend + ": the poll did not go back to waiting after a signal");
        }
    }

    /** Sends SIGWINCH to a blocked polling thread, one at a time, and verifies each interruption. */
    private static final class Interrupter {
        private final PollThread<?> poll;
        private final int tid;
        int sent;
        int handled;
        int reentered;
        private String syscall = "?";

        Interrupter(PollThread<?> poll) {
            this.poll = poll;
            this.tid = poll.tid();
        }

        /**
         * Waits until the thread waits in the OS, signals it, waits for the handler and for the
         * thread to wait again. False if the poll ended instead.
         */
        boolean interruptOnce() {
            int call = poll.awaitBlockedInWait(CEILING);
            if (call < 0) {
                return false;
            }
            syscall = ProcFs.syscallName(call);
            long switches = ProcFs.voluntarySwitches(tid);
            long handledBefore = Signals.handled();
            assertTrue(Signals.sendTo(tid), "tgkill failed");
            sent++;
            long end = System.nanoTime() + CEILING.toNanos();
            while (Signals.handled() == handledBefore && System.nanoTime() - end < 0) {
                Thread.yield();
            }
            handled += Signals.handled() > handledBefore ? 1 : 0;
            // Back in the wait after a wake-up: the signal ended the call, and the poller called again.
            while (!poll.isDone() && System.nanoTime() - end < 0) {
                if (ProcFs.voluntarySwitches(tid) > switches && ProcFs.waitSyscalls().contains(ProcFs.blockedSyscall(tid))) {
                    reentered++;
                    return true;
                }
                Thread.yield();
            }
            return false;
        }

        String counts() {
            return "signals=" + sent + " handled=" + handled + " reentered=" + reentered + " syscall=" + syscall;
        }

        void assertEveryInterruptionVerified(Backend backend) {
            assertTrue(sent > 0, backend + ": no signal could be sent while the poll waited");
            assertEquals(sent, handled, backend + ": a signal was not handled");
            assertEquals(sent, reentered, backend + ": the poll did not go back to waiting after a signal");
        }
    }
}
