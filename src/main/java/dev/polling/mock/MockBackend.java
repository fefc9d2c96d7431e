package dev.polling.mock;

import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import dev.polling.Backend;
import dev.polling.ClosedPollerException;
import dev.polling.PollMode;
import dev.polling.spi.PollerBackend;
import dev.polling.spi.WakeupLatch;

/**
 * The {@link Backend#MOCK} backend: readiness comes from the test ({@link #fire}), time from a
 * {@link MockClock} the test moves ({@link #advance}), and every accepted call is recorded.
 *
 * <p>A poll with a positive timeout ends when the mock's clock passes its deadline. It then
 * returns {@link #WOKEN}, not 0: the Poller re-waits on 0 for the <em>real</em> time left, which
 * knows nothing of a virtual clock, and returns 0 to its caller on either. So one user poll is one
 * backend poll, and the backend returns 0 only to a poll that must not block.
 *
 * <p>State is guarded by one lock; a blocked poll parks outside it and is woken by a bump of
 * {@link #version}, which every change makes, so {@link #wakeup()} needs no lock.
 */
public final class MockBackend implements PollerBackend {
    /** Readiness bit for {@link #fire}: hang-up, reported as readable and/or writable. */
    public static final int HANG_UP = MockSource.HANG_UP;
    /** Readiness bit for {@link #fire}: an error, reported as readable and/or writable. */
    public static final int ERROR = MockSource.ERROR;

    private final MockConfig config;
    private final Object lock = new Object();
    private final MockRegistry registry = new MockRegistry();
    private final MockClock clock;
    /** Sources that may have an event due, in the order they became ready. */
    private final ArrayDeque<MockSource> ready = new ArrayDeque<>();
    private final List<MockSource> requeue = new ArrayList<>();
    private final List<MockCall> calls = new ArrayList<>();
    private final WakeupLatch latch = new WakeupLatch();
    /** Bumped by every change a blocked poll must look at. */
    private final AtomicLong version = new AtomicLong();
    private final AtomicLong wakeups = new AtomicLong();
    private volatile Thread waiter;
    /** The {@link #version} a blocked poll is parked on, or -1; guarded by {@link #lock}. */
    private long blockedAt = -1;
    private boolean closed;

    private MockBackend(MockConfig config) {
        this.config = config;
        this.clock = new MockClock(config.clock());
    }

    /** Opens a mock backend, with the configuration of a {@link MockCapture} in progress on this thread if any. */
    public static PollerBackend open() {
        MockCapture capture = MockCapture.current();
        MockBackend backend = new MockBackend(capture == null ? MockConfig.DEFAULT : capture.config());
        if (capture != null) {
            capture.opened(backend);
        }
        return backend;
    }

    @Override
    public Backend kind() {
        return Backend.MOCK;
    }

    @Override
    public boolean supportsLevel() {
        return config.level();
    }

    @Override
    public boolean supportsEdge() {
        return config.edge();
    }

    /** A blocked poll parks in Java: an interrupt ends it and a virtual thread unmounts. */
    @Override
    public boolean waitsInJava() {
        return true;
    }

    @Override
    public boolean supportsRawDescriptors() {
        return config.rawDescriptors();
    }

    // ---- registration (the Poller serializes these with each other and with close) ----

    @Override
    public void add(SelectableChannel channel, long key, int interest, PollMode mode) throws IOException {
        synchronized (lock) {
            register(registry.toAdd(channel), MockCall.Op.ADD, key, interest, mode);
        }
    }

    @Override
    public void modify(SelectableChannel channel, long key, int interest, PollMode mode) throws IOException {
        synchronized (lock) {
            register(registry.toModify(channel), MockCall.Op.MODIFY, key, interest, mode);
        }
    }

    @Override
    public void delete(SelectableChannel channel) {
        synchronized (lock) {
            deregister(registry.toDelete(channel));
        }
    }

    @Override
    public void add(int fd, long key, int interest, PollMode mode) {
        synchronized (lock) {
            register(registry.toAdd(fd), MockCall.Op.ADD, key, interest, mode);
        }
    }

    @Override
    public void modify(int fd, long key, int interest, PollMode mode) {
        synchronized (lock) {
            register(registry.registeredDescriptor(fd), MockCall.Op.MODIFY, key, interest, mode);
        }
    }

    @Override
    public void delete(int fd) {
        synchronized (lock) {
            deregister(registry.registeredDescriptor(fd));
        }
    }

    private void register(MockSource source, MockCall.Op op, long key, int interest, PollMode mode) {
        source.register(key, interest, mode);
        enqueue(source);
        calls.add(new MockCall(op, source.id, key, interest, mode, 0, 0));
        changed();
    }

    private void deregister(MockSource source) {
        source.deregister(); // a queued source is dropped when the next poll meets it
        calls.add(new MockCall(MockCall.Op.DELETE, source.id, 0, 0, null, 0, 0));
        changed();
    }

    // ---- poll and wakeup ----

    @Override
    public int poll(long[] keys, int[] readiness, long timeoutNanos) {
        Thread me = Thread.currentThread();
        waiter = me;
        try {
            long deadline;
            synchronized (lock) {
                deadline = timeoutNanos > 0 ? clock.deadline(timeoutNanos) : 0;
            }
            for (;;) {
                long seen = version.get();
                long realWait = -1;
                synchronized (lock) {
                    int n = collect(keys, readiness);
                    if (n > 0) {
                        latch.consumed();
                        return polled(timeoutNanos, n);
                    }
                    if (latch.isPending()) {
                        latch.consumed();
                        return polled(timeoutNanos, WOKEN);
                    }
                    if (timeoutNanos == 0) {
                        return polled(timeoutNanos, 0);
                    }
                    if (timeoutNanos > 0) {
                        realWait = clock.waitFor(deadline);
                        if (realWait == 0) {
                            return polled(timeoutNanos, WOKEN); // timed out: see the class comment
                        }
                    }
                    if (me.isInterrupted()) {
                        return polled(timeoutNanos, WOKEN); // as Selector.select does; the status stays set
                    }
                    blockedAt = seen;
                    lock.notifyAll(); // awaitBlocked()
                }
                park(seen, realWait, me);
            }
        } finally {
            waiter = null;
            synchronized (lock) {
                blockedAt = -1;
            }
        }
    }

    /** Parks until {@link #version} moves past {@code seen}, an interrupt, or {@code realNanos} (if not negative). */
    private void park(long seen, long realNanos, Thread me) {
        long end = realNanos > 0 ? System.nanoTime() + realNanos : 0;
        while (version.get() == seen && !me.isInterrupted()) {
            if (realNanos < 0) {
                LockSupport.park(this);
            } else {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                LockSupport.parkNanos(this, left);
            }
        }
    }

    /** Stores up to {@code keys.length} due events, in the order their sources became ready. */
    private int collect(long[] keys, int[] readiness) {
        int n = 0;
        for (int scan = ready.size(); n < keys.length && scan > 0; scan--) {
            MockSource source = ready.pollFirst();
            source.queued = false;
            int bits = source.reportable();
            if (bits == 0) {
                continue; // fire, add or modify queues it again
            }
            keys[n] = source.key();
            readiness[n] = bits;
            n++;
            source.delivered(bits);
            if (source.mayReportAgain()) {
                requeue.add(source); // level: behind the others, so that a small buffer starves nobody
            }
        }
        for (MockSource source : requeue) {
            enqueue(source);
        }
        requeue.clear();
        return n;
    }

    private int polled(long timeoutNanos, int result) {
        calls.add(new MockCall(MockCall.Op.POLL, null, 0, 0, null, timeoutNanos, Math.max(result, 0)));
        return result;
    }

    @Override
    public void wakeup() {
        wakeups.incrementAndGet();
        if (latch.beginSignal()) {
            try {
                version.incrementAndGet();
                LockSupport.unpark(waiter);
            } finally {
                latch.endSignal();
            }
        }
    }

    @Override
    public void close() {
        latch.closeAndAwaitSignals();
        synchronized (lock) {
            closed = true;
            calls.add(new MockCall(MockCall.Op.CLOSE, null, 0, 0, null, 0, 0));
            changed();
            lock.notifyAll();
        }
    }

    // ---- the test's side ----

    /**
     * Makes a channel or descriptor ready; {@code stays}: until {@link #clear}, else until an event
     * reports it. The source need not be registered yet: readiness belongs to the source.
     */
    public void fire(Object source, int bits, boolean stays) {
        synchronized (lock) {
            ensureOpen();
            MockSource s = sourceFor(source);
            s.fire(bits & MockSource.ALL, stays);
            enqueue(s);
            changed();
        }
    }

    /** Makes the one registered source with {@code key} ready, as {@link #fire} does. */
    public void fireKey(long key, int bits, boolean stays) {
        synchronized (lock) {
            ensureOpen();
            MockSource s = registry.registeredWithKey(key);
            s.fire(bits & MockSource.ALL, stays);
            enqueue(s);
            changed();
        }
    }

    /** Takes readiness {@code bits} away from a channel or descriptor. */
    public void clear(Object source, int bits) {
        synchronized (lock) {
            sourceFor(source).clear(bits);
        }
    }

    /** Takes readiness {@code bits} away from the one registered source with {@code key}. */
    public void clearKey(long key, int bits) {
        synchronized (lock) {
            registry.registeredWithKey(key).clear(bits);
        }
    }

    /** Moves the virtual clock forward by {@code nanos} (saturating). */
    public void advance(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("the clock cannot go back: " + nanos + " ns");
        }
        synchronized (lock) {
            clock.advance(nanos);
            changed();
        }
    }

    /** Virtual nanoseconds since this backend was opened. */
    public long now() {
        synchronized (lock) {
            return clock.now();
        }
    }

    /** Whether a poll is blocked now, having seen every change made so far. */
    public boolean isBlocked() {
        synchronized (lock) {
            return blockedAt >= 0 && blockedAt == version.get();
        }
    }

    /**
     * Waits up to {@code realNanos} of real time until a poll is blocked, having seen every change
     * made so far. Returns false on timeout or if the backend is closed.
     */
    public boolean awaitBlocked(long realNanos) throws InterruptedException {
        long end = System.nanoTime() + realNanos;
        synchronized (lock) {
            for (;;) {
                if (blockedAt >= 0 && blockedAt == version.get()) {
                    return true;
                }
                long left = end - System.nanoTime();
                if (closed || left <= 0) {
                    return false;
                }
                // A wake-up can unblock the poll without this lock; the bounded wait rechecks.
                TimeUnit.NANOSECONDS.timedWait(lock, Math.min(left, TimeUnit.MILLISECONDS.toNanos(10)));
            }
        }
    }

    /** The calls accepted so far, oldest first. */
    public List<MockCall> calls() {
        synchronized (lock) {
            return List.copyOf(calls);
        }
    }

    /** Forgets the calls recorded so far. */
    public void forgetCalls() {
        synchronized (lock) {
            calls.clear();
        }
    }

    /** How many times {@link #wakeup()} was called, coalesced or not. */
    public long wakeups() {
        return wakeups.get();
    }

    /** Whether the Poller closed this backend. */
    public boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }

    // ---- helpers ----

    private void enqueue(MockSource source) {
        if (!source.queued) {
            source.queued = true;
            ready.addLast(source);
        }
    }

    private void changed() {
        version.incrementAndGet();
        LockSupport.unpark(waiter);
    }

    private MockSource sourceFor(Object source) {
        if (source instanceof SelectableChannel channel) {
            return registry.channel(channel);
        }
        if (source instanceof Integer fd) {
            return registry.descriptor(fd);
        }
        throw new IllegalArgumentException("a mock source is a SelectableChannel or an Integer descriptor, not " + source);
    }

    private void ensureOpen() {
        if (closed) {
            throw new ClosedPollerException("this MOCK poller is closed");
        }
    }
}
