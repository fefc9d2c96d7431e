package dev.polling.bench;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The notify workload ({@link NotifyWorkload}): ns per wake-up round trip between two threads,
 * on each backend and on plain {@link java.nio.channels.Selector#wakeup()}. For the one-CPU
 * figure run the harness under {@code taskset -c 0} with {@code -p cpus=0}: the setup refuses to
 * label a run "one CPU" that was not.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED", "-Xms256m", "-Xmx256m"})
public class NotifyBench {
    /** A backend name ({@code epoll}, {@code poll}, {@code selector}, {@code io_uring}) or {@code jdk-selector}. */
    @Param({"epoll", "poll", "selector", "io_uring", Impl.JDK_SELECTOR})
    public String impl;

    /** {@code any}, or the CPU list the run must be confined to (e.g. {@code 0}). */
    @Param({"any"})
    public String cpus;

    /**
     * The binding the library reaches the OS through: {@code default} (its own choice), or
     * {@code ffm} / {@code jnr} to compare the two in one sitting ({@code -p binding=ffm,jnr}).
     */
    @Param({BenchParams.DEFAULT_BINDING})
    public String binding;

    private NotifyWorkload workload;

    /** Checks the CPU confinement, starts the partner thread. */
    @Setup(Level.Trial)
    public void open() throws IOException {
        BenchParams.useBinding(binding);
        BenchParams.requireCpus(cpus);
        workload = NotifyWorkload.open(impl);
    }

    /** One round trip: wake B, be woken by B. */
    @Benchmark
    public long roundTrip() throws IOException {
        return workload.roundTrip();
    }

    /** Stops the partner thread. */
    @TearDown(Level.Trial)
    public void close() throws IOException {
        workload.close();
    }
}
