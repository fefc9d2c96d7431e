package dev.polling.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

import dev.polling.Backend;
import dev.polling.PollMode;
import dev.polling.Poller;
import dev.polling.detection.BindingDetector;
import dev.polling.spi.Binding;

/**
 * The main job of {@code polling-bench.jar}: names the backend chosen here and what it can do,
 * then runs the ring workload for a few seconds on it (oneshot, JDK pipes) and on a plain JDK
 * Selector loop, in alternating rounds, and prints both rates and their ratio.
 *
 * <p>Exit status: 0 when the run checks out; 1 when it does not (the ring stalled, a token was
 * lost or duplicated, an event came without data); 2 when it could not run at all.
 *
 * <p>Arguments, all optional: {@code n=1000 t=1 rounds=3 millis=400 backend=epoll}.
 */
public final class SelfCheck {
    /** A step that waits this long for an event means the ring lost its tokens. */
    private static final Duration STALL = Duration.ofSeconds(5);

    private final PrintStream out;
    private int n = 1000;
    private int t = 1;
    private int rounds = 3;
    private long millis = 400;
    private Backend forced;

    private SelfCheck(PrintStream out) {
        this.out = out;
    }

    /** Runs the self-check; see the class comment for the arguments and the exit status. */
    public static void main(String[] args) {
        int status;
        try {
            status = new SelfCheck(System.out).parse(args).run();
        } catch (IllegalArgumentException e) {
            System.err.println("self-check: " + e.getMessage());
            status = 2;
        } catch (Exception | LinkageError e) {
            System.err.println("self-check could not run:");
            e.printStackTrace();
            status = 2;
        }
        System.exit(status);
    }

    private SelfCheck parse(String[] args) {
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("argument '" + arg + "': expected name=value (n, t, rounds, millis, backend)");
            }
            String name = arg.substring(0, eq);
            String value = arg.substring(eq + 1);
            switch (name) {
                case "n" -> n = Integer.parseInt(value);
                case "t" -> t = Integer.parseInt(value);
                case "rounds" -> rounds = Integer.parseInt(value);
                case "millis" -> millis = Long.parseLong(value);
                case "backend" -> forced = Backend.valueOf(value.toUpperCase(Locale.ROOT));
                default -> throw new IllegalArgumentException("unknown argument '" + name + "' (n, t, rounds, millis, backend)");
            }
        }
        if (n < 1 || t < 1 || t > n || rounds < 1 || millis < 1) {
            throw new IllegalArgumentException("need n >= 1, 1 <= t <= n, rounds >= 1, millis >= 1");
        }
        return this;
    }

    /** The binding native backends use here: {@code java.lang.foreign} or {@code JNR-FFI}. */
    private static String bindingName() {
        return BindingDetector.chosen() == Binding.FFM ? "java.lang.foreign" : "JNR-FFI";
    }

    private int run() throws IOException {
        Backend backend;
        boolean level;
        try (Poller probe = forced == null ? Poller.create() : Poller.create(forced)) {
            backend = probe.backend();
            level = probe.supportsLevel();
            out.println("polling self-check");
            out.printf("  %s %s, %s %s %s, %d CPU(s)%n", System.getProperty("java.vm.name"), System.getProperty("java.version"),
                    System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("os.arch"),
                    Runtime.getRuntime().availableProcessors());
            out.printf("  backend: %s (level: %s, edge: %s)%s%n", backend, yesNo(level), yesNo(probe.supportsEdge()),
                    backend == Backend.SELECTOR || backend == Backend.MOCK ? "" : ", through " + bindingName());
        }
        // The default (oneshot: one more system call per event, the re-arm), the like-for-like
        // level-triggered mode where the backend has it, and the plain Selector loop.
        Impl[] impls = level
                ? new Impl[] {Impl.of(backend, PollMode.ONESHOT, false), Impl.of(backend, PollMode.LEVEL, false), Impl.jdkSelector()}
                : new Impl[] {Impl.of(backend, PollMode.ONESHOT, false), Impl.jdkSelector()};
        int plain = impls.length - 1;
        out.printf("ring: N=%d pipes, T=%d token(s), JDK Pipe channels; %d alternating rounds of %d ms after a %d ms warm-up%n",
                n, t, rounds, millis, millis);
        double[][] rates = new double[impls.length][rounds];
        long[][] garbage = new long[impls.length][2];
        RingWorkload[] rings = new RingWorkload[impls.length];
        String problem = null;
        try {
            for (int k = 0; k < impls.length; k++) {
                rings[k] = RingWorkload.open(impls[k], n, t, 0, STALL);
            }
            for (int k = 0; k < impls.length && problem == null; k++) {
                if (measure(rings[k], millis, null) < 0) {
                    problem = stalled(impls[k]);
                }
            }
            for (int r = 0; r < rounds && problem == null; r++) {
                for (int k = 0; k < impls.length && problem == null; k++) {
                    rates[k][r] = measure(rings[k], millis, garbage[k]);
                    if (rates[k][r] < 0) {
                        problem = stalled(impls[k]);
                    }
                }
            }
            for (int k = 0; k < impls.length && problem == null; k++) {
                String wrong = rings[k].check(false);
                problem = wrong == null ? null : impls[k] + ": " + wrong;
            }
            if (problem == null) {
                double base = max(rates[plain]);
                for (int k = 0; k < impls.length; k++) {
                    String name = k == plain ? "plain Selector loop" : "polling " + backend + " " + impls[k].mode();
                    double best = max(rates[k]);
                    out.printf("  %-26s %,11.0f events/s  %5.2fx  %6.2f B/event  (rounds: %s)%n", name, best, best / base,
                            garbage[k][0] == 0 || ThreadAllocation.bytes() < 0 ? Double.NaN : (double) garbage[k][1] / garbage[k][0],
                            list(rates[k]));
                }
                long events = 0;
                for (RingWorkload ring : rings) {
                    events += ring.events;
                }
                out.printf("check: OK (%,d events; %d token(s) conserved in each ring; no event without data)%n", events, t);
            }
        } finally {
            for (RingWorkload ring : rings) {
                if (ring != null) {
                    ring.close();
                }
            }
        }
        if (problem != null) {
            out.println("check: FAILED: " + problem);
            return 1;
        }
        return 0;
    }

    /**
     * Events/s over about {@code millis} of steps, adding the events and the bytes allocated to
     * {@code garbage} unless it is null; -1 if a step waited {@link #STALL} for nothing.
     */
    private static double measure(RingWorkload ring, long millis, long[] garbage) throws IOException {
        long allocated = ThreadAllocation.bytes();
        long start = System.nanoTime();
        long deadline = start + millis * 1_000_000L;
        long before = ring.events;
        long now;
        do {
            for (int i = 0; i < 64; i++) {
                if (ring.step() == 0) {
                    return -1;
                }
            }
            now = System.nanoTime();
        } while (now - deadline < 0);
        if (garbage != null) {
            garbage[0] += ring.events - before;
            garbage[1] += ThreadAllocation.bytes() - allocated;
        }
        return (ring.events - before) * 1e9 / (now - start);
    }

    private String stalled(Impl impl) {
        return impl + ": no event for " + STALL.toSeconds() + " s while " + t + " token(s) were in flight (events lost)";
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(0);
    }

    private static String list(double[] values) {
        StringBuilder sb = new StringBuilder();
        for (double v : values) {
            sb.append(sb.length() == 0 ? "" : ", ").append(String.format("%,.0f", v));
        }
        return sb.toString();
    }

    private static String yesNo(boolean b) {
        return b ? "yes" : "no";
    }
}
