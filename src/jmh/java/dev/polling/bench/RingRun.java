package dev.polling.bench;

import java.time.Duration;

/**
 * Runs the ring for a fixed number of events and exits: for counting what an event costs from
 * outside the JVM ({@code perf stat -e 'syscalls:sys_enter_*'}, {@code strace -c}), where a
 * time-boxed run would not give a known event count. Two runs of different lengths, subtracted,
 * cancel the JVM's start-up.
 *
 * <p>Usage: {@code java -cp polling-bench.jar dev.polling.bench.RingRun IMPL N T EVENTS [STALL_MS]};
 * prints {@code impl=.. N=.. T=.. events=..}; exit status 1 if the ring lost a token, or stalled for
 * STALL_MS. Without STALL_MS it waits without limit, as the JMH benchmarks do (a finite timeout
 * costs a clock read or two per poll): run it under {@code timeout}.
 */
public final class RingRun {
    private RingRun() {
    }

    /** Runs {@code EVENTS} events (at least) of the ring {@code IMPL N T}. */
    public static void main(String[] args) throws Exception {
        if (args.length != 4 && args.length != 5) {
            System.err.println("usage: RingRun IMPL N T EVENTS [STALL_MS] (e.g. epoll-oneshot-raw 1000 1 100000)");
            System.exit(2);
        }
        Impl impl = Impl.parse(args[0]);
        int n = Integer.parseInt(args[1]);
        int t = Integer.parseInt(args[2]);
        long target = Long.parseLong(args[3]);
        Duration stall = args.length == 5 ? Duration.ofMillis(Long.parseLong(args[4])) : null;
        String problem = null;
        long events;
        try (RingWorkload ring = RingWorkload.open(impl, n, t, 0, stall)) {
            while (ring.events < target) {
                if (ring.step() == 0) {
                    problem = "no event for " + stall.toMillis() + " ms (events lost)";
                    break;
                }
            }
            events = ring.events;
            if (problem == null) {
                problem = ring.check(impl.mode().name().startsWith("EDGE"));
            }
        }
        System.out.printf("impl=%s N=%d T=%d events=%d%n", impl, n, t, events);
        if (problem != null) {
            System.err.println("ring is wrong: " + problem);
            System.exit(1);
        }
    }
}
