package dev.polling.mock;

import java.util.Objects;

/**
 * What a mock backend can do and how its clock runs.
 *
 * @param level          whether {@code PollMode.LEVEL} is supported
 * @param edge           whether the edge modes are supported
 * @param rawDescriptors whether raw {@code int} descriptors can be registered
 * @param clock          how the clock that poll timeouts are measured on moves
 */
public record MockConfig(boolean level, boolean edge, boolean rawDescriptors, Clock clock) {
    /** Every mode, raw descriptors, a clock that only the test moves. */
    public static final MockConfig DEFAULT = new MockConfig(true, true, true, Clock.MANUAL);

    /** How the clock moves. */
    public enum Clock {
        /** Only {@link MockBackend#advance} moves it; a poll with a timeout waits for that. */
        MANUAL,
        /** Like {@link #MANUAL}, but a poll that would wait for time moves the clock to its deadline at once. */
        AUTO,
        /** It follows {@link System#nanoTime()} (plus any {@link MockBackend#advance}): timeouts take real time. */
        REAL
    }

    /** Checks that {@code clock} is given. */
    public MockConfig {
        Objects.requireNonNull(clock, "clock");
    }
}
