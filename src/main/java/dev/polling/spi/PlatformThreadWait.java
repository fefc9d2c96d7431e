package dev.polling.spi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs a backend's blocking OS wait on a platform thread while the calling virtual thread parks,
 * for the backends whose wait cannot be parked on (POSIX {@code poll}, which has no descriptor
 * of its own; Windows' completion port), or where {@link DescriptorParking} is unavailable.
 *
 * <p>A native wait on a virtual thread would pin its carrier for as long as it blocks; handing the
 * wait over costs two thread switches per blocking poll instead. An interrupt of the virtual thread
 * wakes the backend so the wait ends promptly; the interrupt status is kept. The waiting platform
 * threads are daemons shared by every poller and end when idle for a minute.
 *
 * <p>Threads: one {@link #poll} at a time per instance (the Poller's poll lock).
 */
public final class PlatformThreadWait implements Runnable {
    private static final ExecutorService WAITERS = Executors.newCachedThreadPool(task -> {
        Thread t = new Thread(task, "polling-wait");
        t.setDaemon(true);
        return t;
    });

    private final PollerBackend backend;

    // Handed to the platform thread by execute() (a happens-before edge); read back after done.
    private long[] keys;
    private int[] readiness;
    private long timeoutNanos;
    private Thread caller;
    private int result;
    private Throwable failure;
    private volatile boolean done;

    /** A hand-off for {@code backend}'s waits. */
    public PlatformThreadWait(PollerBackend backend) {
        this.backend = backend;
    }

    /** {@link PollerBackend#poll} on a platform thread; the caller parks until it returns. */
    public int poll(long[] keys, int[] readiness, long timeoutNanos) throws IOException {
        this.keys = keys;
        this.readiness = readiness;
        this.timeoutNanos = timeoutNanos;
        this.caller = Thread.currentThread();
        this.failure = null;
        this.done = false;
        WAITERS.execute(this);
        boolean interrupted = false;
        while (!done) {
            LockSupport.park(this);
            if (Thread.interrupted()) {
                // Ending the wait is how an interrupt is answered; the status is restored below,
                // after the last park (a park returns at once while it is set).
                interrupted = true;
                backend.wakeup();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable f = failure;
        if (f != null) {
            throwUnchecked(f);
        }
        return result;
    }

    @Override
    public void run() {
        try {
            result = backend.poll(keys, readiness, timeoutNanos);
        } catch (Throwable t) {
            failure = t;
        } finally {
            done = true;
            LockSupport.unpark(caller);
        }
    }

    private static void throwUnchecked(Throwable f) throws IOException {
        if (f instanceof IOException io) {
            throw io;
        }
        if (f instanceof RuntimeException r) {
            throw r;
        }
        if (f instanceof Error e) {
            throw e;
        }
        throw new UncheckedIOException(new IOException("the OS wait failed", f));
    }
}
