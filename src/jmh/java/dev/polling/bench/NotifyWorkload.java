package dev.polling.bench;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.polling.Backend;
import dev.polling.Events;
import dev.polling.Poller;

/**
 * The notify workload: two threads, each blocked in its own poller; A wakes B, B wakes A.
 * {@link #roundTrip()} runs on A; B runs on a thread of its own. A turn counter (odd: B's turn,
 * even: A's) makes every round trip real, whatever wake-ups coalesce. As the C reference does.
 */
final class NotifyWorkload implements Closeable {
    private static final long STOP = -2;

    /** One side: a blocking wait that {@link #wake()} ends. */
    interface Waiter extends Closeable {
        /** Blocks until woken (or returns at once if a wake-up is pending). */
        void await() throws IOException;

        /** Wakes a blocked or the next {@link #await()}; any thread. */
        void wake();
    }

    private final Waiter a;
    private final Waiter b;
    private final Thread partner;
    private volatile long turn;
    private volatile Throwable partnerFailure;

    private NotifyWorkload(Waiter a, Waiter b) {
        this.a = a;
        this.b = b;
        partner = new Thread(this::runPartner, "notify-partner");
        partner.setDaemon(true);
        partner.start();
    }

    /** {@code jdk-selector} for two {@link Selector}s, else a backend name: two {@link Poller}s on it. */
    static NotifyWorkload open(String impl) throws IOException {
        Waiter first = waiter(impl);
        try {
            return new NotifyWorkload(first, waiter(impl));
        } catch (IOException | RuntimeException e) {
            first.close();
            throw e;
        }
    }

    private static Waiter waiter(String impl) throws IOException {
        if (impl.equals(Impl.JDK_SELECTOR)) {
            return new SelectorWaiter(Selector.open());
        }
        return new PollerWaiter(Poller.create(Backend.valueOf(impl.toUpperCase(java.util.Locale.ROOT))));
    }

    /** Hands the turn to B, wakes it, waits until B hands it back. */
    long roundTrip() throws IOException {
        long mine = turn + 2;
        turn = mine - 1;
        b.wake();
        while (turn != mine) {
            a.await();
            if (partnerFailure != null) {
                throw new IOException("the partner thread failed", partnerFailure);
            }
        }
        return mine;
    }

    private void runPartner() {
        try {
            long expected = 1;
            for (;;) {
                b.await();
                long t = turn;
                if (t == STOP) {
                    return;
                }
                if (t == expected) {
                    turn = t + 1;
                    expected += 2;
                    a.wake();
                }
            }
        } catch (Throwable e) {
            partnerFailure = e;
            a.wake();
        }
    }

    /** Stops the partner thread and closes both pollers. */
    @Override
    public void close() throws IOException {
        turn = STOP;
        b.wake();
        try {
            partner.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            a.close();
        } finally {
            b.close();
        }
    }

    /** A {@link Poller} with nothing registered: only {@link Poller#wakeup()} ends its poll. */
    private static final class PollerWaiter implements Waiter {
        private final Poller poller;
        private final Events events = Events.withCapacity(1);

        PollerWaiter(Poller poller) {
            this.poller = poller;
        }

        @Override
        public void await() throws IOException {
            poller.poll(events, (Duration) null);
        }

        @Override
        public void wake() {
            poller.wakeup();
        }

        @Override
        public void close() throws IOException {
            poller.close();
        }
    }

    /** A {@link Selector} with nothing registered: only {@link Selector#wakeup()} ends its select. */
    private static final class SelectorWaiter implements Waiter {
        private final Selector selector;

        SelectorWaiter(Selector selector) {
            this.selector = selector;
        }

        @Override
        public void await() throws IOException {
            selector.select();
        }

        @Override
        public void wake() {
            selector.wakeup();
        }

        @Override
        public void close() throws IOException {
            selector.close();
        }
    }
}
