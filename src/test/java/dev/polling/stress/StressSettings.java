package dev.polling.stress;

import java.time.Duration;

/**
 * The sizes of the stress suite, each overridable by a system property so that a longer run needs
 * no code change, e.g. {@code -Dpolling.stress.events=10000000} for the 10^7-event soak. The
 * defaults keep the whole suite within about three minutes on a loaded two-core machine.
 */
final class StressSettings {
    /** Events the soak must observe per backend. */
    static final long SOAK_EVENTS = Long.getLong("polling.stress.events", 1_000_000L);
    /** Sources (pipes) in the soak. */
    static final int SOAK_SOURCES = Integer.getInteger("polling.stress.sources", 1_000);
    /** Create/add/poll/close cycles of the leak test per backend. */
    static final int LEAK_CYCLES = Integer.getInteger("polling.stress.cycles", 10_000);
    /** Calls to wakeup() in a storm. */
    static final int WAKEUPS = Integer.getInteger("polling.stress.wakeups", 1_000_000);
    /** Rounds of each race per backend. */
    static final int RACE_ROUNDS = Integer.getInteger("polling.stress.races", 200);
    /** Signals sent to a polling thread per backend and scenario, at most. */
    static final int SIGNALS = Integer.getInteger("polling.stress.signals", 100);
    /** The longest any wait that must end may take before a test fails (generous: CI is loaded). */
    static final Duration CEILING = Duration.ofSeconds(Long.getLong("polling.stress.ceilingSeconds", 30));

    private StressSettings() {
    }
}
