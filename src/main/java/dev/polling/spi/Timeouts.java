package dev.polling.spi;

import java.time.Duration;

/** Timeout conversions, always rounding up so that a wait never ends early. */
public final class Timeouts {
    /** A timeout that means "wait without limit". */
    public static final long INFINITE = -1L;

    private Timeouts() {
    }

    /**
     * Nanoseconds for a poll timeout: {@code null} → {@link #INFINITE}; durations too long for a
     * {@code long} of nanoseconds (about 292 years) → {@link #INFINITE} too.
     *
     * @throws IllegalArgumentException if the duration is negative
     */
    public static long toNanos(Duration timeout) {
        if (timeout == null) {
            return INFINITE;
        }
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, was " + timeout);
        }
        try {
            return timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            return INFINITE;
        }
    }

    /** Whole milliseconds for {@code nanos}, rounded up and capped at {@code Integer.MAX_VALUE}; -1 for infinite. */
    public static int toMillisRoundedUp(long nanos) {
        if (nanos < 0) {
            return -1;
        }
        long millis = nanos / 1_000_000L + (nanos % 1_000_000L == 0 ? 0 : 1);
        return (int) Math.min(millis, Integer.MAX_VALUE);
    }
}
