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
 * The scaling workload: a one-pipe, one-token ring (one event per poll) with {@code idle}
 * sources registered beside it that never fire. Events/s falls with the idle count only where the
 * backend's cost per wait grows with the registered set (poll(2) scans every descriptor; epoll
 * should not).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED", "-Xms256m", "-Xmx256m"})
public class ScalingBench {
    /** Which implementation: see {@link Impl}; raw ones get eventfds as idle sources, the others pipes. */
    @Param({"epoll-oneshot-raw", "poll-oneshot-raw", "epoll-oneshot-chan", "selector-oneshot-chan",
        "io_uring-oneshot-raw", "io_uring-oneshot-chan", Impl.JDK_SELECTOR})
    public String impl;

    /** Idle sources registered beside the ring's pipe. */
    @Param({"1", "100", "1000", "8000"})
    public int idle;

    private RingWorkload workload;

    /** Opens the ring and registers the idle sources. */
    @Setup(Level.Trial)
    public void open() throws IOException {
        workload = RingWorkload.open(Impl.parse(impl), 1, 1, idle, null);
    }

    /** One poll, one event. */
    @Benchmark
    public int event(EventCounter counter, CpuTime cpu) throws IOException {
        int n = workload.step();
        counter.events += n;
        cpu.cpuEvents += n;
        return n;
    }

    /** Checks the token is still there, then closes everything. */
    @TearDown(Level.Trial)
    public void close() throws IOException {
        try {
            String problem = workload.check(false);
            if (problem != null) {
                throw new IllegalStateException(impl + " with " + idle + " idle sources is wrong: " + problem);
            }
        } finally {
            workload.close();
        }
    }
}
