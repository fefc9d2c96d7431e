package dev.polling.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.polling.Backend;
import dev.polling.ClosedPollerException;
import dev.polling.PollMode;
import dev.polling.spi.Interest;
import dev.polling.spi.PollerBackend;

@Timeout(30)
class MockBackendTest {
    private static final long CEILING_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final MockBackend backend = (MockBackend) MockBackend.open();
    private final long[] keys = new long[4];
    private final int[] readiness = new int[4];

    @Test
    void shouldOpenWithEveryModeWhenNothingIsCaptured() {
        assertEquals(Backend.MOCK, backend.kind());
        assertTrue(backend.supportsLevel() && backend.supportsEdge() && backend.supportsRawDescriptors());
    }

    @Test
    void shouldReturnWokenNotZeroOnAVirtualTimeout() throws Exception {
        // The Poller re-waits on 0 for the real time left; WOKEN ends its loop at once.
        CompletableFuture<Integer> poll = CompletableFuture.supplyAsync(() -> backend.poll(keys, readiness, 1_000));
        assertTrue(backend.awaitBlocked(CEILING_NANOS));

        backend.advance(1_000);

        assertEquals(PollerBackend.WOKEN, poll.get(10, TimeUnit.SECONDS));
    }

    @Test
    void shouldReturnZeroOnlyToAPollThatMustNotBlock() {
        assertEquals(0, backend.poll(keys, readiness, 0));
    }

    @Test
    void shouldReturnWokenForAWakeupAndEventsBeforeIt() {
        backend.wakeup();
        assertEquals(PollerBackend.WOKEN, backend.poll(keys, readiness, -1));

        backend.wakeup();
        backend.add(1, 10, Interest.READABLE, PollMode.ONESHOT);
        backend.fire(1, MockSource.READ, true);
        assertEquals(1, backend.poll(keys, readiness, -1));
        assertEquals(10, keys[0]);
        assertEquals(Interest.READABLE, readiness[0]);
        assertEquals(0, backend.poll(keys, readiness, 0), "the wake-up went with the events");
        assertEquals(2, backend.wakeups());
    }

    @Test
    void shouldTimeOutAtOnceWhenTheClockIsAlreadyPastTheDeadline() {
        backend.advance(Long.MAX_VALUE);
        assertEquals(PollerBackend.WOKEN, backend.poll(keys, readiness, Long.MAX_VALUE));
    }

    @Test
    void shouldRecordAcceptedCallsOnly() {
        backend.add(2, 5, Interest.WRITABLE, PollMode.LEVEL);
        assertThrows(IllegalStateException.class, () -> backend.add(2, 5, Interest.WRITABLE, PollMode.LEVEL));
        backend.delete(2);
        backend.close();

        assertEquals(List.of(
                new MockCall(MockCall.Op.ADD, 2, 5, Interest.WRITABLE, PollMode.LEVEL, 0, 0),
                new MockCall(MockCall.Op.DELETE, 2, 0, 0, null, 0, 0),
                new MockCall(MockCall.Op.CLOSE, null, 0, 0, null, 0, 0)), backend.calls());
        assertTrue(backend.isClosed());
        assertThrows(ClosedPollerException.class, () -> backend.fire(2, MockSource.READ, true));
    }

    @Test
    void shouldIgnoreWakeupsAfterClose() {
        backend.close();
        backend.wakeup();
        assertEquals(1, backend.wakeups());
    }

    @Test
    void shouldRejectSourcesThatAreNeitherChannelsNorDescriptors() {
        assertThrows(IllegalArgumentException.class, () -> backend.fire("socket", MockSource.READ, true));
        assertThrows(IllegalArgumentException.class, () -> backend.fire(-3, MockSource.READ, true));
    }
}
