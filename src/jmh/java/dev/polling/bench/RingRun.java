package dev.polling.bench;

/**
 * Runs the ring for a fixed number of events, the way the C reference does, and prints the same
 * line: {@code impl=.. N=.. T=.. events=.. seconds=.. events_per_sec=..} (plus
 * {@code bytes_per_event} and {@code cpu_ns_per_event}, the polling thread's own CPU time, which
 * other load on the machine disturbs far less than events/s). For runs interleaved with the C program ({@code bench/run.sh ab}) and
 * for counting what an event costs from outside the JVM ({@code perf stat}, {@code strace -c}),
 * where a time-boxed JMH run gives no known event count.
 *
 * <p>Usage: {@code java -cp polling-bench.jar dev.polling.bench.RingRun IMPL N T E [W]}: W warm-up
 * events first (default 0), then E timed ones. Waits without limit, as the benchmarks do (run it
 * under {@code timeout}); exit status 1 if the ring lost or duplicated a token.
 */
public final class RingRun {
    private RingRun() {
    }

    /** Runs {@code W} then {@code E} events (at least) of the ring {@code IMPL N T}. */
    public static void main(String[] args) throws Exception {
        if (args.length != 4 && args.length != 5) {
            System.err.println("usage: RingRun IMPL N T E [W] (e.g. epoll-oneshot-raw 1000 1 1000000 100000)");
            System.exit(2);
        }
        Impl impl = Impl.parse(args[0]);
        int n = Integer.parseInt(args[1]);
        int t = Integer.parseInt(args[2]);
        long timed = Long.parseLong(args[3]);
        long warmup = args.length == 5 ? Long.parseLong(args[4]) : 0;
        String problem;
        long events;
        double seconds;
        long allocated;
        long cpu;
        try (RingWorkload ring = RingWorkload.open(impl, n, t, 0, null)) {
            while (ring.events < warmup) {
                ring.step();
            }
            long first = ring.events;
            long bytes = ThreadAllocation.bytes();
            long cpuStart = ThreadCpu.nanos();
            long start = System.nanoTime();
            while (ring.events - first < timed) {
                ring.step();
            }
            seconds = (System.nanoTime() - start) / 1e9;
            allocated = ThreadAllocation.bytes() - bytes;
            cpu = ThreadCpu.nanos() - cpuStart;
            events = ring.events - first;
            problem = ring.check(impl.mode().name().startsWith("EDGE"));
        }
        System.out.printf("impl=%s N=%d T=%d events=%d seconds=%.6f events_per_sec=%.0f bytes_per_event=%.3f cpu_ns_per_event=%.0f%n",
                impl, n, t, events, seconds, events / seconds, (double) allocated / events, (double) cpu / events);
        if (problem != null) {
            System.err.println("ring is wrong: " + problem);
            System.exit(1);
        }
    }
}
