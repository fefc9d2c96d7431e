package dev.polling.mock;

/**
 * The mock's clock: virtual nanoseconds moved by the test, plus real time in
 * {@link MockConfig.Clock#REAL} mode. Guarded by the backend's lock.
 */
final class MockClock {
    private final MockConfig.Clock mode;
    private final long origin = System.nanoTime();
    /** Nanoseconds added by {@link #advance}. */
    private long advanced;

    MockClock(MockConfig.Clock mode) {
        this.mode = mode;
    }

    /** Nanoseconds since creation, never negative, saturating at {@link Long#MAX_VALUE}. */
    long now() {
        return mode == MockConfig.Clock.REAL ? saturatedAdd(advanced, System.nanoTime() - origin) : advanced;
    }

    /** Moves the clock forward by {@code nanos} (not negative). */
    void advance(long nanos) {
        advanced = saturatedAdd(advanced, nanos);
    }

    /** The deadline of a wait of {@code timeoutNanos} (positive) starting now. */
    long deadline(long timeoutNanos) {
        return saturatedAdd(now(), timeoutNanos);
    }

    /**
     * What a poll that has nothing to report before {@code deadline} does now: 0 if the deadline
     * has passed (return), -1 to wait without a time limit for the test to move the clock, or the
     * real nanoseconds to wait. In {@link MockConfig.Clock#AUTO} mode the clock jumps to the
     * deadline, and 0 is returned.
     */
    long waitFor(long deadline) {
        long left = deadline - now();
        if (left <= 0) {
            return 0;
        }
        return switch (mode) {
            case MANUAL -> -1;
            case AUTO -> {
                advanced = saturatedAdd(advanced, left);
                yield 0;
            }
            case REAL -> left;
        };
    }

    static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : sum;
    }
}
