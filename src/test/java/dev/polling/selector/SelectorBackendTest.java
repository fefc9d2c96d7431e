package dev.polling.selector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.Pipe;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.AbstractSelectableChannel;
import java.nio.channels.spi.SelectorProvider;
import java.time.Duration;
import java.util.BitSet;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.polling.Backend;
import dev.polling.Event;
import dev.polling.Events;
import dev.polling.PollMode;
import dev.polling.Poller;

/** {@link SelectorBackend} through {@link Poller}, with real JDK pipes and loopback sockets. */
class SelectorBackendTest {
    /** Longer than any test may take: a poll that waits this long has missed its event. */
    private static final Duration FOREVER = Duration.ofSeconds(60);
    /** The generous ceiling for something that should happen promptly on a loaded machine. */
    private static final Duration PROMPTLY = Duration.ofSeconds(20);
    /** Long enough that an event would surely have arrived if it were coming. */
    private static final Duration QUIET = Duration.ofMillis(50);

    private final TestChannels channels = new TestChannels();
    private final Events events = Events.withCapacity(16);
    private Poller poller;

    @BeforeEach
    void open() throws IOException {
        poller = Poller.create(Backend.SELECTOR);
    }

    @AfterEach
    void close() throws IOException {
        poller.close();
        channels.close();
    }

    @Test
    void shouldDescribeItsCapabilities() {
        assertEquals(Backend.SELECTOR, poller.backend());
        assertTrue(poller.supportsLevel());
        assertFalse(poller.supportsEdge());
    }

    @Test
    void shouldReportOneshotSourceOnceUntilModified() throws IOException {
        Pipe pipe = channels.readablePipe(1);
        poller.add(pipe.source(), Event.readable(7));

        assertEquals(1, poller.poll(events, PROMPTLY));
        assertEquals(7, events.key(0));
        assertTrue(events.isReadable(0));
        assertFalse(events.isWritable(0));

        // Still readable (nothing was read) but disarmed.
        assertEquals(0, poller.poll(events, Duration.ZERO));
        assertEquals(0, poller.poll(events, QUIET));

        poller.modify(pipe.source(), Event.readable(8));
        assertEquals(1, poller.poll(events, PROMPTLY));
        assertEquals(8, events.key(0));
        assertEquals(0, poller.poll(events, Duration.ZERO));
    }

    @Test
    void shouldRepeatLevelEventsWhileReady() throws IOException {
        Pipe pipe = channels.readablePipe(1);
        poller.add(pipe.source(), Event.readable(3), PollMode.LEVEL);

        for (int i = 0; i < 3; i++) {
            assertEquals(1, poller.poll(events, PROMPTLY), "poll " + i);
            assertEquals(3, events.key(0));
        }
        TestChannels.drain(pipe.source());
        assertEquals(0, poller.poll(events, Duration.ZERO));
    }

    @Test
    void shouldReportPendingAcceptAsReadable() throws IOException {
        ServerSocketChannel server = channels.listener();
        poller.add(server, Event.readable(1));
        assertEquals(0, poller.poll(events, Duration.ZERO));

        SocketChannel client = channels.socket();
        client.connect(server.getLocalAddress());

        assertEquals(1, poller.poll(events, PROMPTLY));
        assertEquals(1, events.key(0));
        assertTrue(events.isReadable(0));
        SocketChannel accepted = server.accept();
        assertNotNull(accepted);
        accepted.close();
    }

    @Test
    void shouldReportCompletedNonBlockingConnectAsWritable() throws IOException {
        ServerSocketChannel server = channels.listener();
        SocketChannel client = channels.socket();
        boolean connectedAtOnce = client.connect(server.getLocalAddress());
        poller.add(client, Event.writable(5));

        assertEquals(1, poller.poll(events, PROMPTLY), "connected at once: " + connectedAtOnce);
        assertEquals(5, events.key(0));
        assertTrue(events.isWritable(0));
        assertTrue(client.finishConnect());

        // Connected now: writable keeps being reported through OP_WRITE after a re-arm.
        poller.modify(client, Event.writable(5));
        assertEquals(1, poller.poll(events, PROMPTLY));
        assertTrue(events.isWritable(0));
    }

    @Test
    void shouldReportPeerCloseAsReadable() throws IOException {
        SocketChannel[] pair = channels.socketPair();
        poller.add(pair[1], Event.readable(2));
        assertEquals(0, poller.poll(events, Duration.ZERO));

        pair[0].close();

        assertEquals(1, poller.poll(events, PROMPTLY));
        assertEquals(2, events.key(0));
        assertTrue(events.isReadable(0));
        assertEquals(-1, pair[1].read(ByteBuffer.allocate(1)));
    }

    @Test
    void shouldReportBothDirectionsInOneEvent() throws IOException {
        SocketChannel[] pair = channels.socketPair();
        TestChannels.write(pair[0], 1);
        poller.add(pair[1], Event.all(4));

        assertEquals(1, poller.poll(events, PROMPTLY));
        assertTrue(events.isReadable(0));
        assertTrue(events.isWritable(0));
    }

    @Test
    void shouldNeverReportWritableOnPipeSourceEnd() throws IOException {
        Pipe pipe = channels.pipe();
        // Writable interest on a read end is refused as the JDK's register refuses it (validOps) ...
        assertThrows(IllegalArgumentException.class, () -> poller.add(pipe.source(), Event.writable(1)));
        poller.add(pipe.source(), Event.readable(1));
        pipe.sink().close(); // ... and hang-up on it is readable, never writable

        assertEquals(1, poller.poll(events, QUIET));
        assertTrue(events.isReadable(0));
        assertFalse(events.isWritable(0));
    }

    @Test
    void shouldReportNothingForNoInterestEvenAtHangUp() throws IOException {
        Pipe pipe = channels.readablePipe(1);
        poller.add(pipe.source(), Event.none(1), PollMode.LEVEL);
        pipe.sink().close();

        assertEquals(0, poller.poll(events, QUIET));

        poller.modify(pipe.source(), Event.readable(1));
        assertEquals(1, poller.poll(events, PROMPTLY));
    }

    @Test
    void shouldApplyAddFromAnotherThreadDuringBlockedPoll() throws Exception {
        BackgroundPoll poll = BackgroundPoll.start(poller, events, FOREVER).awaitBlocked();

        poller.add(channels.readablePipe(1).source(), Event.readable(11));

        assertEquals(1, poll.await(PROMPTLY));
        assertEquals(11, events.key(0));
    }

    @Test
    void shouldApplyModifyFromAnotherThreadDuringBlockedPoll() throws Exception {
        Pipe pipe = channels.readablePipe(1);
        poller.add(pipe.source(), Event.readable(1));
        assertEquals(1, poller.poll(events, PROMPTLY)); // now disarmed, still readable
        BackgroundPoll poll = BackgroundPoll.start(poller, events, FOREVER).awaitBlocked();

        poller.modify(pipe.source(), Event.readable(2));

        assertEquals(1, poll.await(PROMPTLY));
        assertEquals(2, events.key(0));
    }

    @Test
    void shouldApplyDeleteFromAnotherThreadDuringBlockedPoll() throws Exception {
        Pipe deleted = channels.pipe();
        Pipe kept = channels.pipe();
        poller.add(deleted.source(), Event.readable(1));
        poller.add(kept.source(), Event.readable(2));
        BackgroundPoll poll = BackgroundPoll.start(poller, events, FOREVER).awaitBlocked();

        poller.delete(deleted.source());
        TestChannels.write(deleted.sink(), 1);
        TestChannels.write(kept.sink(), 1);

        assertEquals(1, poll.await(PROMPTLY));
        assertEquals(2, events.key(0), "a deleted source reported an event");
        assertEquals(0, poller.poll(events, QUIET));
    }

    @Test
    void shouldApplyDeleteAndAddAgainFromAnotherThreadDuringBlockedPoll() throws Exception {
        Pipe pipe = channels.pipe();
        poller.add(pipe.source(), Event.readable(1));
        BackgroundPoll poll = BackgroundPoll.start(poller, events, FOREVER).awaitBlocked();

        // The selector still holds the cancelled key: the JDK would refuse to register the channel.
        poller.delete(pipe.source());
        poller.add(pipe.source(), Event.readable(2));
        TestChannels.write(pipe.sink(), 1);

        assertEquals(1, poll.await(PROMPTLY));
        assertEquals(2, events.key(0));
    }

    @Test
    void shouldNeverLoseReArmRacingWithDisarm() throws Exception {
        // An always-ready oneshot source, re-armed twice in a row by another thread while this one
        // polls: the second modify may land between the gathering of the first one's event and its
        // disarm. That disarm must then be dropped, or the second re-arm is lost and never arrives.
        // (The window is narrow: ReadyBatchTest pins the rule deterministically; this checks it end to end.)
        Pipe pipe = channels.readablePipe(1);
        poller.add(pipe.source(), Event.none(0));
        int rounds = 10_000;
        Semaphore arrived = new Semaphore(0);
        CompletableFuture<Integer> modifier = CompletableFuture.supplyAsync(() -> {
            try {
                for (int round = 0; round < rounds; round++) {
                    poller.modify(pipe.source(), Event.readable(2L * round));
                    spin(round % 64 * 500L); // varies which step of the poll the second modify meets
                    poller.modify(pipe.source(), Event.readable(2L * round + 1));
                    if (!arrived.tryAcquire(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS)) {
                        return round; // the second re-arm was lost
                    }
                }
                return rounds;
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        BitSet seen = new BitSet(2 * rounds);
        while (!modifier.isDone()) {
            int n = poller.poll(events, Duration.ofMillis(100));
            for (int i = 0; i < n; i++) {
                int key = (int) events.key(i);
                assertFalse(seen.get(key), "key " + key + " reported twice");
                seen.set(key);
                if (key % 2 == 1) {
                    arrived.release();
                }
            }
        }
        assertEquals(rounds, modifier.get(), "rounds completed before a re-arm was lost");
    }

    /** Busy-waits {@code nanos}: jitter that widens a race window, not synchronisation. */
    private static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() - end < 0) {
            Thread.onSpinWait();
        }
    }

    @Test
    void shouldAddAgainAfterDeleteWithoutPollInBetween() throws IOException {
        Pipe pipe = channels.readablePipe(1);
        poller.add(pipe.source(), Event.readable(1));
        poller.delete(pipe.source());
        poller.add(pipe.source(), Event.readable(2), PollMode.LEVEL);
        poller.modify(pipe.source(), Event.readable(3));

        assertThrows(IllegalStateException.class, () -> poller.add(pipe.source(), Event.readable(4)));
        assertEquals(1, poller.poll(events, PROMPTLY));
        assertEquals(3, events.key(0));
        assertEquals(0, poller.poll(events, Duration.ZERO), "modify made it oneshot");
    }

    @Test
    void shouldForgetSourceDeletedWhileWaitingToBeAddedAgain() throws IOException {
        Pipe pipe = channels.readablePipe(1);
        poller.add(pipe.source(), Event.readable(1));
        poller.delete(pipe.source());
        poller.add(pipe.source(), Event.readable(2));
        poller.delete(pipe.source());

        assertEquals(0, poller.poll(events, QUIET));
        assertThrows(IllegalStateException.class, () -> poller.delete(pipe.source()));
    }

    @Test
    void shouldCoalesceWakeupsIntoOneEarlyReturn() throws IOException {
        for (int i = 0; i < 100; i++) {
            poller.wakeup();
        }
        long start = System.nanoTime();
        assertEquals(0, poller.poll(events, FOREVER));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(PROMPTLY) < 0);

        Duration timeout = Duration.ofMillis(100);
        start = System.nanoTime();
        assertEquals(0, poller.poll(events, timeout));
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(elapsed.compareTo(timeout) >= 0, "second poll returned early after " + elapsed);
    }

    @Test
    void shouldWakeBlockedPollFromAnotherThread() throws Exception {
        BackgroundPoll poll = BackgroundPoll.start(poller, events, FOREVER).awaitBlocked();

        poller.wakeup();

        assertEquals(0, poll.await(PROMPTLY));
    }

    @Test
    void shouldReturnEventsRatherThanWakeupWhenBothArePending() throws IOException {
        poller.add(channels.readablePipe(1).source(), Event.readable(9));
        poller.wakeup();

        assertEquals(1, poller.poll(events, FOREVER));
        assertEquals(9, events.key(0));
    }

    @Test
    void shouldNeverReturnEarlyOnTimeout() throws IOException {
        for (Duration timeout : new Duration[] {Duration.ofNanos(300_000), Duration.ofMillis(1), Duration.ofMillis(5),
                Duration.ofNanos(5_500_000), Duration.ofMillis(30)}) {
            long start = System.nanoTime();
            assertEquals(0, poller.poll(events, timeout));
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(elapsed.compareTo(timeout) >= 0, timeout + " returned after " + elapsed);
            assertTrue(elapsed.compareTo(timeout.plus(PROMPTLY)) < 0, timeout + " returned after " + elapsed);
        }
    }

    @Test
    void shouldNotBlockOnZeroTimeout() throws IOException {
        poller.add(channels.pipe().source(), Event.readable(1));
        long start = System.nanoTime();
        assertEquals(0, poller.poll(events, Duration.ZERO));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(5)) < 0);
    }

    @Test
    void shouldSurviveChannelClosedWhileRegisteredAndAcceptNewOne() throws IOException {
        Pipe closed = channels.readablePipe(1);
        poller.add(closed.source(), Event.readable(1), PollMode.LEVEL);
        closed.source().close();

        assertEquals(0, poller.poll(events, Duration.ZERO)); // the selector drops the key here
        poller.delete(closed.source()); // tolerated: closing already removed it

        Pipe fresh = channels.readablePipe(1);
        poller.add(fresh.source(), Event.readable(2));
        assertEquals(1, poller.poll(events, PROMPTLY));
        assertEquals(2, events.key(0));
    }

    @Test
    void shouldAcceptNewChannelWhileClosedOneIsStillInSelector() throws IOException {
        Pipe closed = channels.pipe();
        poller.add(closed.source(), Event.readable(1));
        closed.source().close();
        poller.delete(closed.source()); // before any poll: its key is cancelled, not yet dropped

        Pipe fresh = channels.readablePipe(1);
        poller.add(fresh.source(), Event.readable(2));
        assertEquals(1, poller.poll(events, PROMPTLY));
        assertEquals(2, events.key(0));
    }

    @Test
    void shouldReportEveryReadySourceExactlyOnceThroughCapacityOne() throws IOException {
        Events one = Events.withCapacity(1);
        int sources = 5;
        for (int i = 0; i < sources; i++) {
            poller.add(channels.readablePipe(1).source(), Event.readable(i));
        }

        Set<Long> seen = new HashSet<>();
        int n;
        while ((n = poller.poll(one, Duration.ZERO)) > 0) {
            assertEquals(1, n);
            assertTrue(seen.add(one.key(0)), "duplicate event for key " + one.key(0));
            assertTrue(seen.size() <= sources);
        }
        assertEquals(Set.of(0L, 1L, 2L, 3L, 4L), seen);
    }

    @Test
    void shouldRotateLevelSourcesThroughSmallBuffer() throws IOException {
        Events one = Events.withCapacity(1);
        int sources = 3;
        for (int i = 0; i < sources; i++) {
            poller.add(channels.readablePipe(1).source(), Event.readable(i), PollMode.LEVEL);
        }

        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < sources; i++) {
            assertEquals(1, poller.poll(one, PROMPTLY));
            seen.add(one.key(0));
        }
        assertEquals(Set.of(0L, 1L, 2L), seen, "a level source starved the others");
    }

    @Test
    void shouldRefuseRawDescriptors() {
        assertThrows(UnsupportedOperationException.class, () -> poller.add(0, Event.readable(1)));
        assertThrows(UnsupportedOperationException.class, () -> poller.modify(0, Event.readable(1)));
        assertThrows(UnsupportedOperationException.class, () -> poller.delete(0));
    }

    @Test
    void shouldRefuseEdgeModes() throws IOException {
        Pipe pipe = channels.pipe();
        assertThrows(UnsupportedOperationException.class,
                () -> poller.add(pipe.source(), Event.readable(1), PollMode.EDGE));
        assertThrows(UnsupportedOperationException.class,
                () -> poller.add(pipe.source(), Event.readable(1), PollMode.EDGE_ONESHOT));
        poller.add(pipe.source(), Event.readable(1)); // nothing was registered by the refusals
    }

    @Test
    void shouldRejectRegistrationMistakesAndStayUsable() throws IOException {
        Pipe pipe = channels.readablePipe(1);
        Pipe other = channels.pipe();
        poller.add(pipe.source(), Event.readable(1));

        assertThrows(IllegalStateException.class, () -> poller.add(pipe.source(), Event.readable(2)));
        assertThrows(IllegalStateException.class, () -> poller.modify(other.source(), Event.readable(2)));
        assertThrows(IllegalStateException.class, () -> poller.delete(other.source()));

        assertEquals(1, poller.poll(events, PROMPTLY));
        assertEquals(1, events.key(0));
        poller.delete(pipe.source());
        assertThrows(IllegalStateException.class, () -> poller.delete(pipe.source()));
        assertThrows(IllegalStateException.class, () -> poller.modify(pipe.source(), Event.readable(1)));
    }

    @Test
    void shouldRejectClosedChannels() throws IOException {
        Pipe registered = channels.pipe();
        Pipe never = channels.pipe();
        poller.add(registered.source(), Event.readable(1));
        registered.source().close();
        never.source().close();

        assertThrows(ClosedChannelException.class, () -> poller.add(never.source(), Event.readable(2)));
        assertThrows(ClosedChannelException.class, () -> poller.add(registered.source(), Event.readable(2)));
        assertThrows(ClosedChannelException.class, () -> poller.modify(registered.source(), Event.readable(2)));
    }

    @Test
    void shouldRejectChannelTheSelectorCannotPollNamingWhy() throws IOException {
        try (SelectableChannel foreign = new ForeignChannel()) {
            foreign.configureBlocking(false);

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> poller.add(foreign, Event.readable(1)));

            assertTrue(e.getMessage().contains("SelectorProvider"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> poller.delete(foreign), "nothing was registered");
        }
    }

    /** A channel that is not the JDK's own implementation, as a third-party provider would make. */
    private static final class ForeignChannel extends AbstractSelectableChannel {
        ForeignChannel() {
            super(SelectorProvider.provider());
        }

        @Override
        public int validOps() {
            return SelectionKey.OP_READ;
        }

        @Override
        protected void implCloseSelectableChannel() {
        }

        @Override
        protected void implConfigureBlocking(boolean block) {
        }
    }

    @Test
    void shouldLeaveChannelsOpenAndIgnoreWakeupAfterClose() throws IOException {
        Pipe pipe = channels.pipe();
        poller.add(pipe.source(), Event.readable(1));

        poller.close();
        poller.wakeup();

        assertTrue(pipe.source().isOpen());
        assertFalse(pipe.source().isRegistered());
    }

    @Test
    void shouldReturnBlockedPollWhenClosedFromAnotherThread() throws Exception {
        BackgroundPoll poll = BackgroundPoll.start(poller, events, FOREVER).awaitBlocked();

        poller.close();

        assertEquals(0, poll.await(PROMPTLY));
    }

    @Test
    void shouldReturnPromptlyWhenPollingThreadIsInterrupted() throws Exception {
        BackgroundPoll poll = BackgroundPoll.start(poller, events, FOREVER).awaitBlocked();

        poll.thread().interrupt();

        assertEquals(0, poll.await(PROMPTLY));
    }
}
