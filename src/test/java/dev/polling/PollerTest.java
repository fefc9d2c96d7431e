package dev.polling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.Pipe;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;
import org.mockito.junit.jupiter.MockitoSettings;
import org.mockito.quality.Strictness;

import dev.polling.spi.Interest;
import dev.polling.spi.PollerBackend;
import dev.polling.spi.Timeouts;

/** The API layer alone: validation, the lifecycle and the deadline loop, over a mocked backend. */
@ExtendWith(MockitoExtension.class)
@MockitoSettings(strictness = Strictness.LENIENT)
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a regression in the deadline loop spins forever
class PollerTest {
    private static final long CEILING_SECONDS = 10;

    @Mock
    private PollerBackend backend;
    private Poller poller;
    private final List<Pipe> pipes = new ArrayList<>();
    private final List<SocketChannel> sockets = new ArrayList<>();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "poller-test");
        t.setDaemon(true);
        return t;
    });

    @BeforeEach
    void setUp() {
        when(backend.kind()).thenReturn(Backend.SELECTOR);
        when(backend.supportsLevel()).thenReturn(true);
        when(backend.supportsEdge()).thenReturn(false);
        when(backend.supportsRawDescriptors()).thenReturn(true);
        poller = Poller.over(backend);
    }

    @AfterEach
    void tearDown() throws IOException {
        threads.shutdownNow();
        for (SocketChannel s : sockets) {
            s.close();
        }
        for (Pipe p : pipes) {
            p.source().close();
            p.sink().close();
        }
    }

    private Pipe.SourceChannel nonBlockingSource() throws IOException {
        Pipe pipe = Pipe.open();
        pipes.add(pipe);
        pipe.source().configureBlocking(false);
        return pipe.source();
    }

    @Test
    void shouldReportBackendAndCapabilities() {
        assertEquals(Backend.SELECTOR, poller.backend());
        assertTrue(poller.supportsLevel());
        assertFalse(poller.supportsEdge());
        assertEquals("Poller[SELECTOR]", poller.toString());
    }

    @Test
    void shouldRejectNullBackendInFactories() {
        assertThrows(NullPointerException.class, () -> Poller.over(null));
        assertThrows(NullPointerException.class, () -> Poller.create(null));
    }

    @Test
    void shouldPassKeyInterestAndModeToBackend() throws IOException {
        SocketChannel ch = SocketChannel.open(); // unconnected: no I/O, but it may be read and written
        sockets.add(ch);
        ch.configureBlocking(false);
        poller.add(ch, Event.all(5), PollMode.LEVEL);
        poller.modify(ch, Event.writable(6), PollMode.LEVEL);
        poller.delete(ch);

        InOrder order = inOrder(backend);
        order.verify(backend).add(ch, 5, Interest.BOTH, PollMode.LEVEL);
        order.verify(backend).modify(ch, 6, Interest.WRITABLE, PollMode.LEVEL);
        order.verify(backend).delete(ch);
    }

    @Test
    void shouldDefaultToOneshotWhenNoModeIsGiven() throws IOException {
        Pipe.SourceChannel ch = nonBlockingSource();
        poller.add(ch, Event.readable(1));
        poller.modify(ch, Event.none(2));
        poller.add(7, Event.readable(3));
        poller.modify(7, Event.readable(4));

        verify(backend).add(ch, 1, Interest.READABLE, PollMode.ONESHOT);
        verify(backend).modify(ch, 2, Interest.NONE, PollMode.ONESHOT);
        verify(backend).add(7, 3, Interest.READABLE, PollMode.ONESHOT);
        verify(backend).modify(7, 4, Interest.READABLE, PollMode.ONESHOT);
    }

    @Test
    void shouldPassRawDescriptorsToBackend() throws IOException {
        poller.add(9, Event.writable(1), PollMode.LEVEL);
        poller.modify(9, Event.all(2), PollMode.ONESHOT);
        poller.delete(9);

        verify(backend).add(9, 1, Interest.WRITABLE, PollMode.LEVEL);
        verify(backend).modify(9, 2, Interest.BOTH, PollMode.ONESHOT);
        verify(backend).delete(9);
    }

    @Test
    void shouldRejectNullsWithoutTouchingBackend() throws IOException {
        Pipe.SourceChannel ch = nonBlockingSource();
        Event e = Event.readable(1);
        assertThrows(NullPointerException.class, () -> poller.add(null, e));
        assertThrows(NullPointerException.class, () -> poller.add(ch, null));
        assertThrows(NullPointerException.class, () -> poller.add(ch, e, null));
        assertThrows(NullPointerException.class, () -> poller.modify(null, e));
        assertThrows(NullPointerException.class, () -> poller.modify(ch, null, PollMode.ONESHOT));
        assertThrows(NullPointerException.class, () -> poller.modify(ch, e, null));
        assertThrows(NullPointerException.class, () -> poller.delete(null));
        assertThrows(NullPointerException.class, () -> poller.add(3, null));
        assertThrows(NullPointerException.class, () -> poller.add(3, e, null));
        assertThrows(NullPointerException.class, () -> poller.modify(3, null));
        assertThrows(NullPointerException.class, () -> poller.poll(null, Duration.ZERO));
        verifyNoRegistrationOrPoll();
    }

    @Test
    void shouldRejectBlockingChannel() throws IOException {
        Pipe pipe = Pipe.open();
        pipes.add(pipe); // blocking, as Pipe.open() makes it
        assertThrows(IllegalBlockingModeException.class, () -> poller.add(pipe.source(), Event.readable(1)));
        assertThrows(IllegalBlockingModeException.class, () -> poller.modify(pipe.source(), Event.readable(1)));
        verifyNoRegistrationOrPoll();
    }

    @Test
    void shouldRejectModesBackendCannotDo() throws IOException {
        when(backend.supportsLevel()).thenReturn(false);
        Pipe.SourceChannel ch = nonBlockingSource();
        for (PollMode mode : new PollMode[] {PollMode.LEVEL, PollMode.EDGE, PollMode.EDGE_ONESHOT}) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> poller.add(ch, Event.readable(1), mode));
            assertTrue(e.getMessage().contains(mode.name()) && e.getMessage().contains("SELECTOR"), e.getMessage());
            assertThrows(UnsupportedOperationException.class, () -> poller.modify(ch, Event.readable(1), mode));
            assertThrows(UnsupportedOperationException.class, () -> poller.add(4, Event.readable(1), mode));
            assertThrows(UnsupportedOperationException.class, () -> poller.modify(4, Event.readable(1), mode));
        }
        verifyNoRegistrationOrPoll();
    }

    @Test
    void shouldAcceptEdgeWhenBackendCan() throws IOException {
        when(backend.supportsEdge()).thenReturn(true);
        Pipe.SourceChannel ch = nonBlockingSource();
        poller.add(ch, Event.readable(1), PollMode.EDGE);
        poller.modify(ch, Event.readable(1), PollMode.EDGE_ONESHOT);
        verify(backend).add(ch, 1, Interest.READABLE, PollMode.EDGE);
        verify(backend).modify(ch, 1, Interest.READABLE, PollMode.EDGE_ONESHOT);
    }

    @Test
    void shouldRefuseWritableInterestOnAReadOnlyChannelBeforeTheBackendSeesIt() throws IOException {
        Pipe.SourceChannel ch = nonBlockingSource();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> poller.add(ch, Event.writable(1)));
        assertTrue(e.getMessage().contains("cannot be writable") && e.getMessage().contains("{OP_READ}"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> poller.modify(ch, Event.all(1), PollMode.LEVEL));
        verifyNoRegistrationOrPoll();
    }

    @Test
    void shouldRejectRawDescriptorsWhenBackendCannot() throws IOException {
        when(backend.supportsRawDescriptors()).thenReturn(false);
        when(backend.whyNoRawDescriptors()).thenReturn("the MOCK backend polls JDK channels only, not raw descriptors");
        for (Executable call : new Executable[] {
                () -> poller.add(3, Event.readable(1)),
                () -> poller.add(3, Event.readable(1), PollMode.ONESHOT),
                () -> poller.modify(3, Event.readable(1)),
                () -> poller.delete(3)}) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, call);
            assertTrue(e.getMessage().contains("raw descriptors"), e.getMessage());
        }
        verifyNoRegistrationOrPoll();
    }

    @Test
    void shouldRejectNegativeTimeoutBeforePolling() throws IOException {
        Events events = Events.withCapacity(1);
        assertThrows(IllegalArgumentException.class, () -> poller.poll(events, Duration.ofNanos(-1)));
        verify(backend, never()).poll(any(), any(), anyLong());
    }

    @Test
    void shouldRejectEveryUseAfterClose() throws IOException {
        Pipe.SourceChannel ch = nonBlockingSource();
        poller.close();
        assertTrue(poller.isClosed());
        assertEquals("Poller[SELECTOR, closed]", poller.toString());

        for (Executable call : new Executable[] {
                () -> poller.add(ch, Event.readable(1)),
                () -> poller.modify(ch, Event.readable(1)),
                () -> poller.delete(ch),
                () -> poller.add(3, Event.readable(1)),
                () -> poller.modify(3, Event.readable(1)),
                () -> poller.delete(3),
                () -> poller.poll(Events.withCapacity(1), Duration.ZERO)}) {
            ClosedPollerException e = assertThrows(ClosedPollerException.class, call);
            assertTrue(e.getMessage().contains("SELECTOR") && e.getMessage().contains("closed"), e.getMessage());
        }
        verifyNoRegistrationOrPoll();
    }

    @Test
    void shouldWakeThenCloseBackendOnceOnClose() throws IOException {
        poller.close();
        poller.close();
        InOrder order = inOrder(backend);
        order.verify(backend).wakeup();
        order.verify(backend).close();
        verify(backend, times(1)).close();
    }

    @Test
    void shouldMarkClosedEvenIfBackendCloseFails() throws IOException {
        doThrow(new IOException("boom")).when(backend).close();
        assertThrows(IOException.class, poller::close);
        assertTrue(poller.isClosed());
        poller.close(); // the backend is not closed twice
        verify(backend, times(1)).close();
    }

    @Test
    void shouldForwardWakeupEvenAfterClose() throws IOException {
        poller.wakeup();
        poller.close();
        poller.wakeup();
        verify(backend, times(3)).wakeup(); // two calls plus the one close() makes
    }

    @Test
    void shouldStoreEventsTheBackendReturns() throws IOException {
        when(backend.poll(any(), any(), anyLong())).thenAnswer(call -> {
            long[] keys = call.getArgument(0);
            int[] readiness = call.getArgument(1);
            keys[0] = 11;
            readiness[0] = Interest.READABLE;
            keys[1] = 12;
            readiness[1] = Interest.BOTH;
            return 2;
        });
        Events events = Events.withCapacity(4);
        assertEquals(2, poller.poll(events, Duration.ZERO));
        assertEquals(2, events.size());
        assertEquals(11, events.key(0));
        assertTrue(events.isReadable(0));
        assertFalse(events.isWritable(0));
        assertEquals(12, events.key(1));
        assertTrue(events.isReadable(1) && events.isWritable(1));
    }

    @Test
    void shouldGiveBackendTheBufferCapacity() throws IOException {
        ArgumentCaptor<long[]> keys = ArgumentCaptor.forClass(long[].class);
        ArgumentCaptor<int[]> readiness = ArgumentCaptor.forClass(int[].class);
        poller.poll(Events.withCapacity(7), Duration.ZERO);
        verify(backend).poll(keys.capture(), readiness.capture(), eq(0L));
        assertEquals(7, keys.getValue().length);
        assertEquals(7, readiness.getValue().length);
    }

    @Test
    void shouldPollOnceWithZeroTimeout() throws IOException {
        when(backend.poll(any(), any(), anyLong())).thenReturn(0);
        Events events = Events.withCapacity(1);
        assertEquals(0, poller.poll(events, Duration.ZERO));
        verify(backend, times(1)).poll(any(), any(), eq(0L));
    }

    @Test
    void shouldPassInfiniteTimeoutForNull() throws IOException {
        when(backend.poll(any(), any(), anyLong())).thenReturn(PollerBackend.WOKEN);
        assertEquals(0, poller.poll(Events.withCapacity(1), null));
        verify(backend).poll(any(), any(), eq(Timeouts.INFINITE));
    }

    @Test
    void shouldReturnZeroWhenWoken() throws IOException {
        when(backend.poll(any(), any(), anyLong())).thenReturn(PollerBackend.WOKEN);
        Events events = Events.withCapacity(1);
        assertEquals(0, poller.poll(events, Duration.ofSeconds(CEILING_SECONDS)));
        assertEquals(0, events.size());
        verify(backend, times(1)).poll(any(), any(), anyLong());
    }

    @Test
    void shouldRetryEarlyEmptyReturnsUntilEvent() throws IOException {
        when(backend.poll(any(), any(), anyLong())).thenReturn(0, 0, 1);
        assertEquals(1, poller.poll(Events.withCapacity(1), null));
        verify(backend, times(3)).poll(any(), any(), eq(Timeouts.INFINITE));
    }

    @Test
    void shouldRetryWithWhatIsLeftOfTimeout() throws IOException {
        when(backend.poll(any(), any(), anyLong())).thenReturn(0, 1);
        long timeout = TimeUnit.SECONDS.toNanos(CEILING_SECONDS);
        assertEquals(1, poller.poll(Events.withCapacity(1), Duration.ofNanos(timeout)));

        ArgumentCaptor<Long> waits = ArgumentCaptor.forClass(Long.class);
        verify(backend, times(2)).poll(any(), any(), waits.capture());
        assertEquals(timeout, waits.getAllValues().get(0));
        long second = waits.getAllValues().get(1);
        assertTrue(second > 0 && second < timeout, () -> "the retry should wait for what is left, waited " + second);
    }

    @Test
    void shouldNotTreatTinyTimeoutAsUnlimited() throws IOException {
        // A timeout so short that its deadline has passed before the first wait must still end.
        when(backend.poll(any(), any(), anyLong())).thenReturn(0);
        assertEquals(0, poller.poll(Events.withCapacity(1), Duration.ofNanos(1)));
        verify(backend, never()).poll(any(), any(), eq(Timeouts.INFINITE));
    }

    @Test
    void shouldTreatOverflowingTimeoutAsUnlimited() throws IOException {
        when(backend.poll(any(), any(), anyLong())).thenReturn(1);
        poller.poll(Events.withCapacity(1), Duration.ofSeconds(Long.MAX_VALUE));
        verify(backend).poll(any(), any(), eq(Timeouts.INFINITE));
    }

    @Test
    void shouldNeverAskBackendToWaitPastDeadline() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        List<Long> waits = new ArrayList<>();
        when(backend.poll(any(), any(), anyLong())).thenAnswer(call -> {
            waits.add(call.getArgument(2));
            calls.incrementAndGet();
            return 0;
        });
        long start = System.nanoTime();
        assertEquals(0, poller.poll(Events.withCapacity(1), Duration.ofMillis(5)));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(5), "returned before the deadline");
        for (long wait : waits) {
            assertTrue(wait > 0 && wait <= TimeUnit.MILLISECONDS.toNanos(5), "asked to wait " + wait + " ns");
        }
    }

    @Test
    void shouldEmptyEventsWhenBackendFails() throws IOException {
        when(backend.poll(any(), any(), anyLong())).thenReturn(1).thenThrow(new IOException("EBADF"));
        Events events = Events.withCapacity(2);
        assertEquals(1, poller.poll(events, Duration.ZERO));
        assertThrows(IOException.class, () -> poller.poll(events, Duration.ZERO));
        assertEquals(0, events.size());
    }

    @Test
    void shouldEndBlockedPollWhenClosedFromAnotherThread() throws Exception {
        CountDownLatch inPoll = new CountDownLatch(1);
        when(backend.poll(any(), any(), anyLong())).thenAnswer(call -> {
            inPoll.countDown();
            // Stand for a blocked OS wait: return (as a backend must) once close() has woken it.
            verify(backend, timeout(TimeUnit.SECONDS.toMillis(CEILING_SECONDS))).wakeup();
            return 0;
        });
        Future<Integer> poll = threads.submit(() -> poller.poll(Events.withCapacity(1), null));
        assertTrue(inPoll.await(CEILING_SECONDS, TimeUnit.SECONDS));

        Future<?> close = threads.submit(() -> {
            poller.close();
            return null;
        });
        assertEquals(0, poll.get(CEILING_SECONDS, TimeUnit.SECONDS), "a poll woken by close() returns 0");
        close.get(CEILING_SECONDS, TimeUnit.SECONDS);
        verify(backend, times(1)).poll(any(), any(), anyLong()); // no retry once closed
        verify(backend).close();
    }

    @Test
    void shouldLetOnlyOnePollerThreadIntoBackend() throws Exception {
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger mostInside = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch firstIn = new CountDownLatch(1);
        when(backend.poll(any(), any(), anyLong())).thenAnswer(call -> {
            int now = inside.incrementAndGet();
            mostInside.accumulateAndGet(now, Math::max);
            firstIn.countDown();
            release.await(CEILING_SECONDS, TimeUnit.SECONDS);
            inside.decrementAndGet();
            return 1;
        });
        Future<Integer> a = threads.submit(() -> poller.poll(Events.withCapacity(1), null));
        assertTrue(firstIn.await(CEILING_SECONDS, TimeUnit.SECONDS));
        Future<Integer> b = threads.submit(() -> poller.poll(Events.withCapacity(1), null));
        Future<Integer> c = threads.submit(() -> poller.poll(Events.withCapacity(1), null));
        // Whether b and c have reached the lock yet or not, none of them may enter while a is inside.
        release.countDown();
        assertEquals(1, a.get(CEILING_SECONDS, TimeUnit.SECONDS));
        assertEquals(1, b.get(CEILING_SECONDS, TimeUnit.SECONDS));
        assertEquals(1, c.get(CEILING_SECONDS, TimeUnit.SECONDS));
        assertEquals(1, mostInside.get(), "two threads were inside the backend's poll at once");
    }

    @Test
    void shouldWakeWithoutWaitingForBlockedPoll() throws Exception {
        CountDownLatch inPoll = new CountDownLatch(1);
        CountDownLatch woken = new CountDownLatch(1);
        when(backend.poll(any(), any(), anyLong())).thenAnswer(call -> {
            inPoll.countDown();
            woken.await(CEILING_SECONDS, TimeUnit.SECONDS);
            return PollerBackend.WOKEN;
        });
        doAnswer(call -> {
            woken.countDown();
            return null;
        }).when(backend).wakeup();
        Future<Integer> poll = threads.submit(() -> poller.poll(Events.withCapacity(1), null));
        assertTrue(inPoll.await(CEILING_SECONDS, TimeUnit.SECONDS));

        poller.wakeup(); // must not need the poll lock that the blocked poll holds
        assertEquals(0, poll.get(CEILING_SECONDS, TimeUnit.SECONDS));
    }

    @Test
    void shouldRegisterWhilePollIsBlocked() throws Exception {
        CountDownLatch inPoll = new CountDownLatch(1);
        CountDownLatch registered = new CountDownLatch(1);
        when(backend.poll(any(), any(), anyLong())).thenAnswer(call -> {
            inPoll.countDown();
            registered.await(CEILING_SECONDS, TimeUnit.SECONDS);
            return PollerBackend.WOKEN;
        });
        doAnswer(call -> {
            registered.countDown();
            return null;
        }).when(backend).add(any(java.nio.channels.SelectableChannel.class), anyLong(), anyInt(), any());
        Future<Integer> poll = threads.submit(() -> poller.poll(Events.withCapacity(1), null));
        assertTrue(inPoll.await(CEILING_SECONDS, TimeUnit.SECONDS));

        poller.add(nonBlockingSource(), Event.readable(1)); // must not wait for the poll to end
        assertEquals(0, poll.get(CEILING_SECONDS, TimeUnit.SECONDS));
    }

    @Test
    void shouldPassBackendFailuresThrough() throws IOException {
        Pipe.SourceChannel ch = nonBlockingSource();
        IllegalStateException twice = new IllegalStateException("already registered");
        doThrow(twice).when(backend).add(ch, 1, Interest.READABLE, PollMode.ONESHOT);
        assertSame(twice, assertThrows(IllegalStateException.class, () -> poller.add(ch, Event.readable(1))));
        poller.modify(ch, Event.readable(1)); // the poller is still usable
        verify(backend).modify(ch, 1, Interest.READABLE, PollMode.ONESHOT);
    }

    private void verifyNoRegistrationOrPoll() throws IOException {
        verify(backend, never()).add(any(java.nio.channels.SelectableChannel.class), anyLong(), anyInt(), any());
        verify(backend, never()).modify(any(java.nio.channels.SelectableChannel.class), anyLong(), anyInt(), any());
        verify(backend, never()).delete(any(java.nio.channels.SelectableChannel.class));
        verify(backend, never()).add(anyInt(), anyLong(), anyInt(), any());
        verify(backend, never()).modify(anyInt(), anyLong(), anyInt(), any());
        verify(backend, never()).delete(anyInt());
        verify(backend, never()).poll(any(), any(), anyLong());
    }
}
