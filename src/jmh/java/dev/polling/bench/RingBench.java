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
 * The ring workload ({@link RingWorkload}) on every backend and mode, beside the plain JDK
 * Selector loop, in events/s (the {@code events} secondary result). Run with {@code -prof gc}
 * for the garbage table: bytes per event = gc.alloc.rate.norm × invocations/s ÷ events/s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED", "-Xms256m", "-Xmx256m"})
public class RingBench {
    /** Which implementation: see {@link Impl}. */
    @Param({
        "epoll-oneshot-raw", "epoll-level-raw", "epoll-edge-raw", "poll-oneshot-raw", "poll-level-raw",
        "epoll-oneshot-chan", "epoll-level-chan", "epoll-edge-chan", "poll-oneshot-chan", "poll-level-chan",
        "selector-oneshot-chan", "selector-level-chan",
        "io_uring-oneshot-raw", "io_uring-level-raw", "io_uring-edge-raw",
        "io_uring-oneshot-chan", "io_uring-level-chan", "io_uring-edge-chan", Impl.JDK_SELECTOR})
    public String impl;

    /** {@code NxT}: N pipes, T tokens. */
    @Param({"1x1", "1000x1", "1000x1000", "8000x1"})
    public String ring;

    /**
     * The binding the library reaches the OS through: {@code default} (its own choice), or
     * {@code ffm} / {@code jnr} to compare the two in one sitting ({@code -p binding=ffm,jnr}).
     */
    @Param({BenchParams.DEFAULT_BINDING})
    public String binding;

    private RingWorkload workload;
    private Impl parsed;

    /** Opens the pipes and the poller, puts the tokens in. */
    @Setup(Level.Trial)
    public void open() throws IOException {
        BenchParams.useBinding(binding);
        parsed = Impl.parse(impl);
        int[] nt = BenchParams.ring(ring);
        workload = RingWorkload.open(parsed, nt[0], nt[1], 0, null);
    }

    /** One poll and the handling of every event it returned. */
    @Benchmark
    public int ring(EventCounter counter, CpuTime cpu) throws IOException {
        int n = workload.step();
        counter.events += n;
        cpu.cpuEvents += n;
        return n;
    }

    /** Checks that no token was lost or duplicated, then closes everything. */
    @TearDown(Level.Trial)
    public void close() throws IOException {
        try {
            String problem = workload.check(parsed.mode().name().startsWith("EDGE"));
            if (problem != null) {
                throw new IllegalStateException(impl + " ring " + ring + " is wrong: " + problem);
            }
        } finally {
            workload.close();
        }
    }
}
