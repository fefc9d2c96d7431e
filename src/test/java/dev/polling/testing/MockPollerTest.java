package dev.polling.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.Pipe;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.polling.Backend;
import dev.polling.ClosedPollerException;
import dev.polling.Event;
import dev.polling.Events;
import dev.polling.PollMode;
import dev.polling.Poller;

@Timeout(30)
class MockPollerTest {
    private static final Duration CEILING = Duration.ofSeconds(10);

    private final MockPoller mock = MockPoller.create();
    private final Poller poller = mock.poller();
    private final Events events = Events.withCapacity(16);
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private Pipe pipe;

    @BeforeEach
    void openPipe() throws IOException {
        pipe = Pipe.open();
        pipe.source().configureBlocking(false);
    }

    @AfterEach
    void closeAll() throws IOException {
        executor.shutdownNow();
        mock.close();
        pipe.source().close();
        pipe.sink().close();
    }

    @Test
    void shouldBeARealPollerOnTheMockBackend() {
        assertEquals(Backend.MOCK, poller.backend());
        assertTrue(poller.supportsLevel());
        assertTrue(poller.supportsEdge());
    }

    @Test
    void shouldReportAFiredOneshotSourceOnceUntilModified() throws IOException {
        poller.add(pipe.source(), Event.readable(1));
        mock.fire(pipe.source(), Readiness.READABLE);

        assertEquals(1, poller.poll(events, Duration.ZERO));
        assertEquals(1, events.key(0));
        assertTrue(events.isReadable(0));
        assertFalse(events.isWritable(0));
        assertEquals(0, poller.poll(events, Duration.ZERO), "disarmed until modify, however long it stays ready");

        poller.modify(pipe.source(), Event.readable(2));
        assertEquals(1, poller.poll(events, Duration.ZERO), "re-armed while still ready");
        assertEquals(2, events.key(0));
    }

    @Test
    void shouldStopReportingAfterClear() throws IOException {
        poller.add(pipe.source(), Event.readable(1));
        mock.fire(pipe.source(), Readiness.READABLE);
        mock.clear(pipe.source());

        assertEquals(0, poller.poll(events, Duration.ZERO));
        poller.modify(pipe.source(), Event.readable(1));
        assertEquals(0, poller.poll(events, Duration.ZERO));
    }

    @Test
    void shouldReportLevelAtEveryPollWhileReady() throws IOException {
        poller.add(pipe.source(), Event.readable(1), PollMode.LEVEL);
        mock.fire(pipe.source(), Readiness.READABLE);

        for (int i = 0; i < 3; i++) {
            assertEquals(1, poller.poll(events, Duration.ZERO));
        }
        mock.clear(pipe.source(), Readiness.READABLE);
        assertEquals(0, poller.poll(events, Duration.ZERO));
    }

    @Test
    void shouldReportEdgeOncePerFire() throws IOException {
        poller.add(pipe.source(), Event.readable(1), PollMode.EDGE);
        mock.fire(pipe.source(), Readiness.READABLE);

        assertEquals(1, poller.poll(events, Duration.ZERO));
        assertEquals(0, poller.poll(events, Duration.ZERO), "still ready, but no new edge");
        mock.fire(pipe.source(), Readiness.READABLE);
        assertEquals(1, poller.poll(events, Duration.ZERO), "a second fire is a new edge");
        assertEquals(0, poller.poll(events, Duration.ZERO));
    }

    @Test
    void shouldReportEdgeOneshotOnceUntilModified() throws IOException {
        poller.add(pipe.source(), Event.readable(1), PollMode.EDGE_ONESHOT);
        mock.fire(pipe.source(), Readiness.READABLE);
        assertEquals(1, poller.poll(events, Duration.ZERO));

        mock.fire(pipe.source(), Readiness.READABLE);
        assertEquals(0, poller.poll(events, Duration.ZERO), "a new edge, but disarmed");

        poller.modify(pipe.source(), Event.readable(1), PollMode.EDGE_ONESHOT);
        assertEquals(1, poller.poll(events, Duration.ZERO));
    }

    @Test
    void shouldConsumeAPulseWithTheEventThatReportsIt() throws IOException {
        poller.add(pipe.source(), Event.readable(1), PollMode.LEVEL);
        mock.pulse(pipe.source(), Readiness.READABLE);

        assertEquals(1, poller.poll(events, Duration.ZERO));
        assertEquals(0, poller.poll(events, Duration.ZERO), "level, but the pulse was consumed");
    }

    @Test
    void shouldMaskReadinessByInterest() throws IOException {
        poller.add(pipe.source(), Event.readable(1));
        mock.fire(pipe.source(), Readiness.WRITABLE);
        assertEquals(0, poller.poll(events, Duration.ZERO));

        mock.fire(pipe.source(), Readiness.READABLE);
        assertEquals(1, poller.poll(events, Duration.ZERO));
        assertTrue(events.isReadable(0));
        assertFalse(events.isWritable(0), "writable is not of interest");
    }

    @Test
    void shouldReportHangUpAndErrorInTheDirectionsOfInterest() throws IOException {
        poller.add(3, Event.writable(3));
        poller.add(4, Event.all(4));
        mock.fire(3, Readiness.HANG_UP);
        mock.fire(4, Readiness.ERROR);

        assertEquals(2, poller.poll(events, Duration.ZERO));
        assertEquals(3, events.key(0));
        assertFalse(events.isReadable(0));
        assertTrue(events.isWritable(0));
        assertEquals(4, events.key(1));
        assertTrue(events.isReadable(1));
        assertTrue(events.isWritable(1));
    }

    @Test
    void shouldReportNothingForInterestNoneNotEvenHangUp() throws IOException {
        poller.add(pipe.source(), Event.none(1));
        mock.fire(pipe.source(), Readiness.HANG_UP, Readiness.READABLE);

        assertEquals(0, poller.poll(events, Duration.ZERO));
        poller.modify(pipe.source(), Event.readable(1));
        assertEquals(1, poller.poll(events, Duration.ZERO), "readiness fired before the re-arm is still there");
    }

    @Test
    void shouldReportReadinessFiredBeforeTheSourceWasAdded() throws IOException {
        mock.fire(9, Readiness.READABLE);
        poller.add(9, Event.readable(9));

        assertEquals(1, poller.poll(events, Duration.ZERO));
        assertEquals(9, events.key(0));
    }

    @Test
    void shouldReturnAtMostCapacityAndTheRestLater() throws IOException {
        Events one = Events.withCapacity(1);
        for (int fd = 0; fd < 3; fd++) {
            poller.add(fd, Event.readable(fd));
            mock.fire(fd, Readiness.READABLE);
        }

        for (int fd = 0; fd < 3; fd++) {
            assertEquals(1, poller.poll(one, Duration.ZERO));
            assertEquals(fd, one.key(0), "in the order the sources became ready");
        }
        assertEquals(0, poller.poll(one, Duration.ZERO), "each oneshot source reported once");
    }

    @Test
    void shouldNotStarveLevelSourcesWithASmallBuffer() throws IOException {
        Events one = Events.withCapacity(1);
        poller.add(0, Event.readable(0), PollMode.LEVEL);
        poller.add(1, Event.readable(1), PollMode.LEVEL);
        mock.fire(0, Readiness.READABLE);
        mock.fire(1, Readiness.READABLE);

        long[] seen = new long[4];
        for (int i = 0; i < seen.length; i++) {
            poller.poll(one, Duration.ZERO);
            seen[i] = one.key(0);
        }
        assertEquals(List.of(0L, 1L, 0L, 1L), List.of(seen[0], seen[1], seen[2], seen[3]));
    }

    @Test
    void shouldFireTheSourceRegisteredWithAKey() throws IOException {
        poller.add(pipe.source(), Event.readable(42));
        mock.fireKey(42, Readiness.READABLE);

        assertEquals(1, poller.poll(events, Duration.ZERO));
        assertEquals(42, events.key(0));
    }

    @Test
    void shouldRejectFiringAKeyThatNoneOrSeveralSourcesHave() throws IOException {
        IllegalStateException none = assertThrows(IllegalStateException.class, () -> mock.fireKey(5, Readiness.READABLE));
        assertTrue(none.getMessage().contains("key 5"), none.getMessage());

        poller.add(1, Event.readable(5));
        poller.add(2, Event.readable(5));
        IllegalStateException several = assertThrows(IllegalStateException.class, () -> mock.pulseKey(5, Readiness.READABLE));
        assertTrue(several.getMessage().contains("more than one"), several.getMessage());
    }

    @Test
    void shouldTimeOutOnlyWhenTheVirtualClockPassesTheDeadline() throws Exception {
        long realStart = System.nanoTime();
        Future<Integer> poll = executor.submit(() -> poller.poll(events, Duration.ofSeconds(5)));

        assertTrue(mock.awaitBlockedPoll(CEILING));
        mock.advance(Duration.ofMillis(4999));
        assertTrue(mock.awaitBlockedPoll(CEILING), "never early: 1 ms of virtual time is left");
        assertFalse(poll.isDone());
        mock.advance(Duration.ofMillis(1));

        assertEquals(0, poll.get(CEILING.toSeconds(), TimeUnit.SECONDS));
        assertEquals(Duration.ofSeconds(5), mock.elapsed());
        assertTrue(System.nanoTime() - realStart < CEILING.toNanos(), "a virtual timeout takes no real time");
    }

    @Test
    void shouldJumpTheClockToTheDeadlineWithAutoAdvance() throws IOException {
        try (MockPoller auto = MockPoller.builder().clock(MockPoller.Clock.AUTO_ADVANCE).create()) {
            assertEquals(0, auto.poller().poll(events, Duration.ofMinutes(3)));
            assertEquals(Duration.ofMinutes(3), auto.elapsed());
            assertEquals(TimeUnit.MINUTES.toNanos(3), auto.nanoTime());
        }
    }

    @Test
    void shouldWaitInRealTimeWithARealTimeClock() throws IOException {
        try (MockPoller real = MockPoller.builder().clock(MockPoller.Clock.REAL_TIME).create()) {
            long start = System.nanoTime();
            assertEquals(0, real.poller().poll(events, Duration.ofMillis(20)));
            long waited = System.nanoTime() - start;
            assertTrue(waited >= Duration.ofMillis(20).toNanos(), "never early: " + waited + " ns");
            assertTrue(real.elapsed().compareTo(Duration.ofMillis(20)) >= 0);
        }
    }

    @Test
    void shouldEndARealTimeWaitEarlierWhenTheTestAdvancesTheClock() throws Exception {
        try (MockPoller real = MockPoller.builder().clock(MockPoller.Clock.REAL_TIME).create()) {
            Future<Integer> poll = executor.submit(() -> real.poller().poll(events, Duration.ofHours(1)));
            assertTrue(real.awaitBlockedPoll(CEILING));
            real.advance(Duration.ofHours(1));
            assertEquals(0, poll.get(CEILING.toSeconds(), TimeUnit.SECONDS));
        }
    }

    @Test
    void shouldNeverBlockOnAZeroTimeout() throws IOException {
        assertEquals(0, poller.poll(events, Duration.ZERO));
        assertEquals(Duration.ZERO, mock.elapsed());
    }

    @Test
    void shouldWakeABlockedPollFromAnotherThread() throws Exception {
        Future<Integer> poll = executor.submit(() -> poller.poll(events, null));
        assertTrue(mock.awaitBlockedPoll(CEILING));

        poller.wakeup();

        assertEquals(0, poll.get(CEILING.toSeconds(), TimeUnit.SECONDS));
    }

    @Test
    void shouldCoalesceWakeupsBeforeAPollIntoOneEarlyReturn() throws Exception {
        for (int i = 0; i < 1000; i++) {
            poller.wakeup();
        }
        assertEquals(0, poller.poll(events, null), "returns at once");

        Future<Integer> next = executor.submit(() -> poller.poll(events, Duration.ofSeconds(1)));
        assertTrue(mock.awaitBlockedPoll(CEILING), "the wake-ups were consumed by one poll");
        mock.advance(Duration.ofSeconds(1));
        assertEquals(0, next.get(CEILING.toSeconds(), TimeUnit.SECONDS));
        assertEquals(1000, mock.wakeups());
    }

    @Test
    void shouldApplyRegistrationChangesToABlockedPoll() throws Exception {
        mock.fire(pipe.source(), Readiness.READABLE);
        Future<Integer> poll = executor.submit(() -> poller.poll(events, null));
        assertTrue(mock.awaitBlockedPoll(CEILING));

        poller.add(pipe.source(), Event.readable(7)); // no wakeup()

        assertEquals(1, poll.get(CEILING.toSeconds(), TimeUnit.SECONDS));
        assertEquals(7, events.key(0));
    }

    @Test
    void shouldReturnABlockedPollWhenFiredFromAnotherThread() throws Exception {
        poller.add(pipe.source(), Event.readable(7));
        Future<Integer> poll = executor.submit(() -> poller.poll(events, Duration.ofHours(1)));
        assertTrue(mock.awaitBlockedPoll(CEILING));

        mock.fire(pipe.source(), Readiness.READABLE);

        assertEquals(1, poll.get(CEILING.toSeconds(), TimeUnit.SECONDS));
        assertEquals(Duration.ZERO, mock.elapsed());
    }

    @Test
    void shouldReturnABlockedPollWhenThePollerIsClosed() throws Exception {
        Future<Integer> poll = executor.submit(() -> poller.poll(events, null));
        assertTrue(mock.awaitBlockedPoll(CEILING));

        poller.close();

        assertEquals(0, poll.get(CEILING.toSeconds(), TimeUnit.SECONDS));
        assertThrows(ClosedPollerException.class, () -> poller.poll(events, Duration.ZERO));
        assertThrows(ClosedPollerException.class, () -> mock.fire(1, Readiness.READABLE));
        assertFalse(mock.awaitBlockedPoll(Duration.ofMillis(1)));
    }

    @Test
    void shouldReturnABlockedPollWhenItsThreadIsInterrupted() throws Exception {
        CompletableFuture<Boolean> interruptedAfter = new CompletableFuture<>();
        Thread poll = new Thread(() -> {
            try {
                poller.poll(events, null);
                interruptedAfter.complete(Thread.currentThread().isInterrupted());
            } catch (Throwable t) {
                interruptedAfter.completeExceptionally(t);
            }
        });
        poll.start();
        assertTrue(mock.awaitBlockedPoll(CEILING));

        poll.interrupt();

        assertTrue(interruptedAfter.get(CEILING.toSeconds(), TimeUnit.SECONDS), "the interrupt status stays set");
    }

    @Test
    void shouldNeverReportAChannelClosedWhileRegistered() throws IOException {
        poller.add(pipe.source(), Event.readable(1), PollMode.LEVEL);
        mock.fire(pipe.source(), Readiness.READABLE);
        pipe.source().close();

        assertEquals(0, poller.poll(events, Duration.ZERO));
        poller.delete(pipe.source()); // still allowed, as on the real backends
        assertThrows(IllegalStateException.class, () -> poller.delete(pipe.source()));
    }

    @Test
    void shouldRecordWhatTheCodeUnderTestDid() throws IOException {
        poller.add(pipe.source(), Event.readable(1));
        poller.add(5, Event.writable(2), PollMode.LEVEL);
        mock.fire(5, Readiness.WRITABLE);
        poller.poll(events, Duration.ofMillis(10));
        poller.modify(pipe.source(), Event.readable(3), PollMode.EDGE);
        poller.delete(5);
        poller.poll(events, Duration.ZERO);
        poller.close();

        assertEquals(List.of(
                Call.add(pipe.source(), Event.readable(1), PollMode.ONESHOT),
                Call.add(5, Event.writable(2), PollMode.LEVEL),
                Call.poll(Duration.ofMillis(10), 1),
                Call.modify(pipe.source(), Event.readable(3), PollMode.EDGE),
                Call.delete(5),
                Call.poll(Duration.ZERO, 0),
                Call.close()), mock.calls());
        assertEquals(List.of(Call.delete(5)), mock.calls(Call.Kind.DELETE));
    }

    @Test
    void shouldRecordAPollWithoutLimitWithANullTimeout() throws Exception {
        Future<Integer> poll = executor.submit(() -> poller.poll(events, null));
        assertTrue(mock.awaitBlockedPoll(CEILING));
        poller.wakeup();
        poll.get(CEILING.toSeconds(), TimeUnit.SECONDS);

        assertEquals(List.of(Call.poll(null, 0)), mock.calls());
        mock.forgetCalls();
        assertEquals(List.of(), mock.calls());
    }

    @Test
    void shouldRejectRegistrationMistakesAndStayUsable() throws IOException {
        poller.add(pipe.source(), Event.readable(1));
        assertThrows(IllegalStateException.class, () -> poller.add(pipe.source(), Event.readable(1)));
        assertThrows(IllegalStateException.class, () -> poller.modify(pipe.sink().configureBlocking(false), Event.writable(2)));
        assertThrows(IllegalStateException.class, () -> poller.delete(pipe.sink()));
        assertThrows(IllegalStateException.class, () -> poller.modify(8, Event.readable(8)));
        assertThrows(IllegalStateException.class, () -> poller.delete(8));
        poller.add(8, Event.readable(8));
        assertThrows(IllegalStateException.class, () -> poller.add(8, Event.readable(8)));
        assertThrows(IllegalArgumentException.class, () -> poller.add(-1, Event.readable(8)));
        assertThrows(IllegalArgumentException.class, () -> poller.poll(events, Duration.ofNanos(-1)));
        assertThrows(NullPointerException.class, () -> poller.add(null, Event.readable(1)));
        assertThrows(NullPointerException.class, () -> mock.fire(pipe.source(), null));

        mock.fire(pipe.source(), Readiness.READABLE);
        assertEquals(1, poller.poll(events, Duration.ZERO), "still usable, the registration intact");
        assertEquals(1, events.key(0));
    }

    @Test
    void shouldRejectClosedAndBlockingChannels() throws IOException {
        Pipe other = Pipe.open();
        other.source().configureBlocking(false).close();
        assertThrows(ClosedChannelException.class, () -> poller.add(other.source(), Event.readable(1)));
        assertThrows(IllegalBlockingModeException.class, () -> poller.add(other.sink(), Event.writable(1)));
        other.sink().close();

        poller.add(pipe.source(), Event.readable(1));
        pipe.source().close();
        assertThrows(ClosedChannelException.class, () -> poller.modify(pipe.source(), Event.readable(1)));
    }

    @Test
    void shouldImitateALimitedBackend() throws IOException {
        try (MockPoller limited = MockPoller.builder().level(false).edge(false).rawDescriptors(false).create()) {
            Poller p = limited.poller();
            assertFalse(p.supportsLevel());
            assertFalse(p.supportsEdge());
            assertThrows(UnsupportedOperationException.class, () -> p.add(pipe.source(), Event.readable(1), PollMode.LEVEL));
            assertThrows(UnsupportedOperationException.class, () -> p.add(pipe.source(), Event.readable(1), PollMode.EDGE));
            assertThrows(UnsupportedOperationException.class, () -> p.add(3, Event.readable(1)));
            p.add(pipe.source(), Event.readable(1));
        }
    }

    @Test
    void shouldBeReachableThroughPollerCreate() throws IOException {
        try (Poller plain = Poller.create(Backend.MOCK)) {
            plain.add(1, Event.readable(1));
            assertEquals(0, plain.poll(events, Duration.ZERO));
            assertSame(Backend.MOCK, plain.backend());
        }
    }

    @Test
    void shouldRejectANegativeAdvance() {
        assertThrows(IllegalArgumentException.class, () -> mock.advance(Duration.ofNanos(-1)));
    }
}
