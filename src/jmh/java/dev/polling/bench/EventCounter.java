package dev.polling.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Counts events, so JMH reports events/s (the secondary result {@code events}) beside
 * invocations/s: one invocation is one poll, which may return many events.
 */
@AuxCounters(AuxCounters.Type.OPERATIONS)
@State(Scope.Thread)
public class EventCounter {
    /** Events handled in this iteration. */
    public long events;

    /** Starts each iteration from zero. */
    @Setup(Level.Iteration)
    public void reset() {
        events = 0;
    }
}
