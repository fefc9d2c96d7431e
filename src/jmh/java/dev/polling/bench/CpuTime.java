package dev.polling.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The benchmark thread's CPU time (user + system) per iteration and the events it handled, as
 * JMH secondary results {@code cpuNanos} and {@code cpuEvents}: their quotient is the CPU cost of
 * an event. Unlike events/s it does not fall when other processes take the CPU away, so it
 * compares across a sitting on a shared machine.
 */
@AuxCounters(AuxCounters.Type.EVENTS)
@State(Scope.Thread)
public class CpuTime {
    /** CPU nanoseconds the benchmark thread used in this iteration. */
    public long cpuNanos;
    /** Events handled in this iteration. */
    public long cpuEvents;

    private long start;

    /** Starts the iteration's clock. */
    @Setup(Level.Iteration)
    public void start() {
        cpuEvents = 0;
        cpuNanos = 0;
        start = ThreadCpu.nanos();
    }

    /** Stops it. */
    @TearDown(Level.Iteration)
    public void stop() {
        cpuNanos = ThreadCpu.nanos() - start;
    }
}
