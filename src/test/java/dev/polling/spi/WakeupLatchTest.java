package dev.polling.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a broken latch spins forever
class WakeupLatchTest {
    private static final long CEILING_SECONDS = 10;

    private final WakeupLatch latch = new WakeupLatch();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "latch-test");
        t.setDaemon(true);
        return t;
    });

    @AfterEach
    void tearDown() {
        threads.shutdownNow();
    }

    @Test
    void shouldGrantFirstSignalAndCoalesceTheRest() {
        assertFalse(latch.isPending());
        assertTrue(latch.beginSignal());
        latch.endSignal();
        assertTrue(latch.isPending());
        for (int i = 0; i < 10; i++) {
            assertFalse(latch.beginSignal(), "a pending wake-up must absorb later ones");
        }
    }

    @Test
    void shouldCoalesceWhileSignalIsInFlight() {
        assertTrue(latch.beginSignal());
        assertFalse(latch.beginSignal(), "pending from the moment it is claimed, not when the write ends");
        latch.endSignal();
    }

    @Test
    void shouldGrantNextSignalOnceConsumed() {
        assertTrue(latch.beginSignal());
        latch.endSignal();
        latch.consumed();
        assertFalse(latch.isPending());
        assertTrue(latch.beginSignal());
        latch.endSignal();
    }

    @Test
    void shouldIgnoreConsumeWithNothingPending() {
        latch.consumed();
        assertFalse(latch.isPending());
        assertTrue(latch.beginSignal());
        latch.endSignal();
    }

    @Test
    void shouldRefuseSignalsAfterClose() {
        latch.closeAndAwaitSignals();
        assertFalse(latch.beginSignal());
        latch.consumed();
        assertFalse(latch.beginSignal(), "consumed() must not reopen a closed latch");
    }

    @Test
    void shouldRefuseSignalsAfterCloseEvenWhenOnePending() {
        assertTrue(latch.beginSignal());
        latch.endSignal();
        latch.closeAndAwaitSignals();
        latch.consumed();
        assertFalse(latch.beginSignal());
    }

    @Test
    void shouldWaitInCloseForSignalInFlight() throws Exception {
        assertTrue(latch.beginSignal()); // a waker between claiming and finishing its write(2)
        CountDownLatch closing = new CountDownLatch(1);
        Future<?> close = threads.submit(() -> {
            closing.countDown();
            latch.closeAndAwaitSignals();
        });
        assertTrue(closing.await(CEILING_SECONDS, TimeUnit.SECONDS));
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // not needed to be correct; makes the wait real
        assertFalse(close.isDone(), "close returned while a signal was still being written");

        latch.endSignal();
        close.get(CEILING_SECONDS, TimeUnit.SECONDS);
        assertFalse(latch.beginSignal());
    }

    @Test
    void shouldNeverSignalAfterCloseReturnsUnderContention() throws Exception {
        // Wakers race close: once close has returned, no waker may still be writing or start writing.
        int wakers = 4;
        AtomicBoolean closeReturned = new AtomicBoolean();
        AtomicInteger writing = new AtomicInteger();
        AtomicInteger violations = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < wakers; w++) {
            futures.add(threads.submit(() -> {
                start.await();
                while (!closeReturned.get()) {
                    boolean closedBefore = closeReturned.get();
                    if (latch.beginSignal()) {
                        writing.incrementAndGet();
                        if (closedBefore || closeReturned.get()) {
                            violations.incrementAndGet();
                        }
                        writing.decrementAndGet();
                        latch.endSignal();
                    }
                }
                return null;
            }));
        }
        futures.add(threads.submit(() -> {
            start.await();
            for (int i = 0; i < 20_000; i++) {
                latch.consumed(); // the polling thread keeps re-enabling signals
            }
            return null;
        }));
        start.countDown();
        futures.get(wakers).get(CEILING_SECONDS, TimeUnit.SECONDS);
        latch.closeAndAwaitSignals();
        int inFlightAtClose = writing.get();
        closeReturned.set(true);
        for (Future<?> f : futures) {
            f.get(CEILING_SECONDS, TimeUnit.SECONDS);
        }
        assertEquals(0, inFlightAtClose, "close returned while a signal was being written");
        assertEquals(0, violations.get(), "a signal was granted after close returned");
        assertFalse(latch.beginSignal());
    }

    @Test
    void shouldGrantSignalAfterEveryConsume() throws Exception {
        // Every wake-up requested after the poller consumed the last one must produce a signal.
        for (int round = 0; round < 10_000; round++) {
            assertTrue(latch.beginSignal(), "round " + round + ": nothing pending, the signal must be granted");
            latch.endSignal();
            assertTrue(latch.isPending());
            latch.consumed();
        }
    }

    @Test
    void shouldSignalOnceUntilConsumedThroughTheOneCall() {
        WakeupLatch latch = new WakeupLatch();
        int[] calls = {0};
        WakeupLatch.Signal os = () -> {
            calls[0]++;
            return 0;
        };

        assertEquals(0, latch.signal(os));
        assertEquals(0, latch.signal(os), "coalesced");
        assertEquals(1, calls[0]);
        latch.consumed();
        latch.signal(os);
        assertEquals(2, calls[0]);
    }

    @Test
    void shouldLetTheNextWakeupRetryAFailedSignal() {
        WakeupLatch latch = new WakeupLatch();
        int[] calls = {0};

        assertEquals(-11, latch.signal(() -> {
            calls[0]++;
            return -11;
        }));
        assertFalse(latch.isPending(), "nothing was queued, so nothing is pending");
        latch.signal(() -> ++calls[0] - 2);
        assertEquals(2, calls[0]);
    }

    @Test
    void shouldNotSignalOnceClosed() {
        WakeupLatch latch = new WakeupLatch();
        latch.closeAndAwaitSignals();

        assertEquals(0, latch.signal(() -> {
            throw new AssertionError("signalled after close");
        }));
    }
}
