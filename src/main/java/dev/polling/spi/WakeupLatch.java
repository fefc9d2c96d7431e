package dev.polling.spi;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The lock-free bookkeeping behind {@code wakeup()}: coalesces many calls into one OS signal, and
 * lets {@code close()} wait out a signal in flight so that it never lands on a descriptor number
 * that was closed and reused.
 *
 * <pre>{@code
 * private final WakeupLatch.Signal signal = waker;  // or a method reference, bound once
 * public void wakeup() {
 *     latch.signal(signal);                         // claims, signals, ends; a failure can be retried
 * }
 * // polling thread, after it saw the wake-up source fire (and drained it, if it must):
 * latch.consumed();
 * // close():
 * latch.closeAndAwaitSignals(); then close the descriptors
 * }</pre>
 */
public final class WakeupLatch {
    private static final int PENDING = 1;
    private static final int CLOSED = 2;
    private static final int SIGNALLER = 4;

    /** PENDING and CLOSED bits, plus SIGNALLER times the number of signals in flight. */
    private final AtomicInteger state = new AtomicInteger();

    /** The OS call that makes a blocked wait return; bind it once (a field), so that a wake-up allocates nothing. */
    @FunctionalInterface
    public interface Signal {
        /** Signals the OS once: 0 on success, a negative error (-errno, or Windows' -error) on failure. */
        int signal();
    }

    /**
     * The whole of a backend's {@code wakeup()}: signals through {@code os} unless a signal is
     * already pending (it coalesces) or the poller is closed. A failed signal queued nothing, so the
     * latch is released for the next {@code wakeup()} to try again. Lock-free; never throws what
     * {@code os} does not.
     *
     * @return 0 if signalled or coalesced, else the failure {@code os} returned
     */
    public int signal(Signal os) {
        if (!beginSignal()) {
            return 0;
        }
        try {
            int r = os.signal();
            if (r < 0) {
                consumed(); // nothing was queued: let the next wakeup() try again
            }
            return r;
        } finally {
            endSignal();
        }
    }

    /**
     * Claims the right to signal the OS. Returns false when a signal is already pending (it
     * coalesces) or the poller is closed; when true, the caller must signal and then call
     * {@link #endSignal()}.
     */
    public boolean beginSignal() {
        for (;;) {
            int s = state.get();
            if ((s & (PENDING | CLOSED)) != 0) {
                return false;
            }
            if (state.compareAndSet(s, (s | PENDING) + SIGNALLER)) {
                return true;
            }
        }
    }

    /** Ends a signal begun by {@link #beginSignal()}. */
    public void endSignal() {
        state.addAndGet(-SIGNALLER);
    }

    /** Whether a wake-up was signalled and not yet consumed by the polling thread. */
    public boolean isPending() {
        return (state.get() & PENDING) != 0;
    }

    /** Called by the polling thread once it has seen (and drained) the wake-up: re-enables signals. */
    public void consumed() {
        for (;;) {
            int s = state.get();
            if ((s & PENDING) == 0 || state.compareAndSet(s, s & ~PENDING)) {
                return;
            }
        }
    }

    /** Refuses every later signal and waits until the ones in flight have finished. */
    public void closeAndAwaitSignals() {
        for (;;) {
            int s = state.get();
            if (state.compareAndSet(s, s | CLOSED)) {
                break;
            }
        }
        while (state.get() >= SIGNALLER) {
            Thread.onSpinWait(); // a signal is one write(2): this spins for microseconds at most
        }
    }
}
