package dev.polling.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Prints the tables of one sitting from its results directory (JMH CSV files and the C
 * reference's output): ring, garbage, notify, scaling, and each target as met or missed. Every
 * ratio is between numbers of the same sitting.
 *
 * <p>Usage: {@code java -cp polling-bench.jar dev.polling.bench.Report RESULTS_DIR}
 */
public final class Report {
    /** Below this many bytes per event, an implementation allocates nothing (fast benchmarks). */
    static final double ZERO_BYTES = 0.05;
    /**
     * JMH's own bookkeeping allocates 12–14 KB per iteration on the benchmark thread, whatever the
     * benchmark; at 1 s iterations (or 0.5 s, quick) that is up to this many bytes per second,
     * which a slow benchmark spreads over few events.
     */
    static final double HARNESS_BYTES_PER_SECOND = 32 * 1024;

    private final Results results;
    /** The ring configs measured, in the order JMH ran them. */
    private final String[] ringConfigs;
    /** The idle-source counts measured, ascending. */
    private final String[] idleCounts;
    private final PrintStream out;
    private final List<String> targets = new ArrayList<>();

    private Report(Results results, PrintStream out) {
        this.results = results;
        this.out = out;
        ringConfigs = values("RingBench.ring", "ring").toArray(String[]::new);
        idleCounts = values("ScalingBench.event", "idle").stream()
                .sorted(java.util.Comparator.comparingInt(Integer::parseInt)).toArray(String[]::new);
    }

    /** Prints the report of the directory named by the first argument; exit status 1 if it holds no results. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: Report RESULTS_DIR");
            System.exit(2);
        }
        Results results = Results.read(Path.of(args[0]));
        if (results.rows.isEmpty()) {
            System.err.println("no JMH results (*.csv) in " + args[0]);
            System.exit(1);
        }
        new Report(results, System.out).print();
    }

    private void print() {
        ring();
        garbage();
        notifyTable();
        scaling();
        jnr();
        out.println();
        out.println("== targets");
        if (targets.isEmpty()) {
            out.println("(none measurable from these results)");
        }
        targets.forEach(out::println);
    }

    // ------------------------------------------------------------------ ring

    private void ring() {
        List<String> impls = impls("RingBench.ring:events");
        if (impls.isEmpty()) {
            return;
        }
        out.println();
        out.println("== ring: events/s; xC = ratio to the C loop of the same kind (oneshot: c-epoll; level, edge and");
        out.println("   Selector: c-epoll-lt); xCmt = the same with the C process multi-threaded (one idle thread);");
        out.println("   xSel = ratio to the plain JDK Selector loop; B/ev = bytes allocated per event");
        for (String config : ringConfigs) {
            String[] nt = config.split("x");
            List<Double> cOneshotRuns = cRing("c-epoll", nt, "");
            List<Double> cLevelRuns = cRing("c-epoll-lt", nt, "");
            double cOneshot = mean(cOneshotRuns);
            double cLevel = mean(cLevelRuns);
            double cOneshotMt = mean(cRing("c-epoll", nt, "mt"));
            double cLevelMt = mean(cRing("c-epoll-lt", nt, "mt"));
            double plain = events("RingBench.ring", "ring", config, Impl.JDK_SELECTOR);
            double cOneshotCpu = mean(cRingCpu("c-epoll", nt));
            double cLevelCpu = mean(cRingCpu("c-epoll-lt", nt));
            out.printf("%nN=%s T=%s   C oneshot %s ev/s %s, %s CPU ns/ev   C level %s ev/s %s, %s CPU ns/ev%n", nt[0], nt[1],
                    count(cOneshot), spread(cOneshotRuns), count(cOneshotCpu),
                    count(cLevel), spread(cLevelRuns), count(cLevelCpu));
            out.printf("           C as a multi-threaded process (xCmt): oneshot %s ev/s, level %s ev/s%n",
                    count(cOneshotMt), count(cLevelMt));
            out.printf("  %-22s %10s %4s %5s %5s %5s %7s %6s %7s%n",
                    "impl", "events/s", "±%", "xC", "xCmt", "xSel", "CPU ns", "xCcpu", "B/ev");
            for (String impl : impls) {
                double rate = events("RingBench.ring", "ring", config, impl);
                if (Double.isNaN(rate)) {
                    continue;
                }
                Results.Row row = results.find("RingBench.ring:events", "ring", config, "impl", impl);
                boolean oneshot = isOneshot(impl);
                double c = oneshot ? cOneshot : cLevel;
                double cMt = oneshot ? cOneshotMt : cLevelMt;
                double cpu = cpuPerEvent("RingBench.ring", "ring", config, impl);
                double vsCpu = (oneshot ? cOneshotCpu : cLevelCpu) / cpu;
                out.printf("  %-22s %10s %4s %5s %5s %5s %7s %6s %7s%n", impl, count(rate), percent(row.error() / rate),
                        ratio(rate / c), ratio(rate / cMt), ratio(rate / plain), count(cpu), ratio(vsCpu),
                        bytes(bytesPerEvent("RingBench.ring", "ring", config, impl)));
                ringTargets(config, impl, rate / c, rate / plain, vsCpu,
                        cpuPerEvent("RingBench.ring", "ring", config, Impl.JDK_SELECTOR) / cpu);
                ioUringTarget(config, impl, rate, cpu);
            }
        }
        scalingRingTarget();
    }

    /**
     * Judges the C targets on raw descriptors (the C loop's own calls) and the Selector target on
     * JDK channels (what the Selector polls): like for like. The tables show both variants.
     */
    /** The C ring's events/s in this sitting for {@code nt}; {@code process} "" (plain) or "mt". */
    private List<Double> cRing(String impl, String[] nt, String process) {
        return results.cValues("events_per_sec", "impl", impl, "N", nt[0], "T", nt[1], "process", process);
    }

    private void ringTargets(String config, String impl, double vsC, double vsPlain, double vsCCpu, double vsPlainCpu) {
        boolean raw = impl.endsWith("-raw");
        String where = impl + " " + config;
        if (impl.startsWith("epoll-oneshot") && raw) {
            target(vsC, vsC >= 0.90, "EPOLL ONESHOT ring >= 0.90x C oneshot", where, ratio(vsC) + "x C" + cpuNote(vsCCpu));
        } else if (impl.startsWith("epoll-level") || impl.startsWith("epoll-edge")) {
            if (raw) {
                target(vsC, vsC >= 0.90, "EPOLL LEVEL/EDGE ring >= 0.90x C level", where, ratio(vsC) + "x C lt" + cpuNote(vsCCpu));
            } else {
                target(vsPlain, vsPlain >= 1.15, "EPOLL LEVEL/EDGE ring >= 1.15x plain Selector", where,
                        ratio(vsPlain) + "x Selector" + cpuNote(vsPlainCpu));
            }
        }
    }

    /**
     * IO_URING's reason to exist: its ONESHOT ring at least as fast as EPOLL's LEVEL ring on the
     * same descriptors in the same sitting (oneshot for the price of level).
     */
    private void ioUringTarget(String config, String impl, double rate, double cpu) {
        if (!impl.startsWith("io_uring-oneshot-")) {
            return;
        }
        String level = "epoll-level-" + impl.substring(impl.lastIndexOf('-') + 1);
        double levelRate = events("RingBench.ring", "ring", config, level);
        if (Double.isNaN(levelRate)) {
            return;
        }
        double vs = rate / levelRate;
        double vsCpu = cpuPerEvent("RingBench.ring", "ring", config, level) / cpu;
        target(vs, vs >= 1.0, "IO_URING ONESHOT ring >= EPOLL LEVEL ring", impl + " " + config,
                ratio(vs) + "x " + level + cpuNote(vsCpu));
    }

    /** The same ratio from CPU time per event, which other load on the machine disturbs far less. */
    private static String cpuNote(double cpuRatio) {
        return Double.isNaN(cpuRatio) ? "" : " (by CPU time: " + ratio(cpuRatio) + "x)";
    }

    /** The C ring's CPU ns per event in this sitting (single-threaded process). */
    private List<Double> cRingCpu(String impl, String[] nt) {
        return results.cValues("cpu_ns_per_event", "impl", impl, "N", nt[0], "T", nt[1], "process", "");
    }

    /** CPU ns of the benchmark thread per event: cpuNanos / cpuEvents (both summed over iterations). */
    private double cpuPerEvent(String benchmark, String configParam, String config, String impl) {
        double nanos = results.score(benchmark + ":cpuNanos", configParam, config, "impl", impl);
        double events = results.score(benchmark + ":cpuEvents", configParam, config, "impl", impl);
        return nanos <= 0 ? Double.NaN : nanos / events;
    }

    /** EPOLL's per-event cost at N=8000 over N=1, relative to the C loop's own such ratio: at most 1.1. */
    private void scalingRingTarget() {
        double c1 = mean(cRing("c-epoll", new String[] {"1", "1"}, ""));
        double c8000 = mean(cRing("c-epoll", new String[] {"8000", "1"}, ""));
        for (String impl : new String[] {"epoll-oneshot-raw"}) {
            double j1 = events("RingBench.ring", "ring", "1x1", impl);
            double j8000 = events("RingBench.ring", "ring", "8000x1", impl);
            if (Double.isNaN(j1) || Double.isNaN(j8000) || Double.isNaN(c1) || Double.isNaN(c8000)) {
                continue;
            }
            double relative = (j1 / j8000) / (c1 / c8000);
            double cpuRelative = (cpuPerEvent("RingBench.ring", "ring", "8000x1", impl) / cpuPerEvent("RingBench.ring", "ring", "1x1", impl))
                    / (mean(cRingCpu("c-epoll", new String[] {"8000", "1"})) / mean(cRingCpu("c-epoll", new String[] {"1", "1"})));
            target(relative <= 1.10, "EPOLL cost/event N=8000 vs N=1 <= 1.1x C's own ratio", impl,
                    String.format("%.2fx (Java %s, C %s)%s", relative, ratio(j1 / j8000), ratio(c1 / c8000),
                            Double.isNaN(cpuRelative) ? "" : String.format(" (by CPU time: %.2fx)", cpuRelative)));
        }
    }

    // --------------------------------------------------------------- garbage

    private void garbage() {
        List<String> impls = impls("RingBench.ring:gc.alloc.rate.norm");
        if (impls.isEmpty()) {
            return;
        }
        out.println();
        out.println("== garbage: bytes allocated per event on the ring, steady state (-prof gc; "
                + "gc.alloc.rate.norm x polls/s / events/s)");
        out.printf("  %-22s", "impl");
        for (String config : ringConfigs) {
            out.printf(" %10s", config);
        }
        out.println();
        double[] plain = new double[ringConfigs.length];
        for (int i = 0; i < ringConfigs.length; i++) {
            plain[i] = bytesPerEvent("RingBench.ring", "ring", ringConfigs[i], Impl.JDK_SELECTOR);
        }
        for (String impl : impls) {
            out.printf("  %-22s", impl);
            for (int i = 0; i < ringConfigs.length; i++) {
                double b = bytesPerEvent("RingBench.ring", "ring", ringConfigs[i], impl);
                out.printf(" %10s", bytes(b));
                if (Double.isNaN(b)) {
                    continue;
                }
                String where = impl + " " + ringConfigs[i];
                double zero = zeroBytes(events("RingBench.ring", "ring", ringConfigs[i], impl));
                if (impl.startsWith("epoll-") || impl.startsWith("poll-") || impl.startsWith("io_uring-")) {
                    target(b < zero, "0 bytes/event on EPOLL, POLL and IO_URING", where,
                            bytes(b) + " B/event (harness alone: up to " + bytes(zero) + ")");
                } else if (impl.startsWith("selector-") && !Double.isNaN(plain[i])) {
                    target(b <= Math.max(plain[i], zero), "SELECTOR allocates no more than the plain Selector loop",
                            where, bytes(b) + " vs " + bytes(plain[i]) + " B/event");
                }
            }
            out.println();
        }
    }

    // ---------------------------------------------------------------- notify

    private void notifyTable() {
        List<String> impls = impls("NotifyBench.roundTrip");
        if (impls.isEmpty()) {
            return;
        }
        double selAny = results.score("NotifyBench.roundTrip", "impl", Impl.JDK_SELECTOR, "cpus", "any");
        double selOne = results.score("NotifyBench.roundTrip", "impl", Impl.JDK_SELECTOR, "cpus", "0");
        List<Double> cAny = results.cValues("ns_per_roundtrip", "workload", "notify", "cpus", "any");
        List<Double> cOne = results.cValues("ns_per_roundtrip", "workload", "notify", "cpus", "0");
        out.println();
        out.println("== notify: ns per wake-up round trip (two threads, two pollers); xSel = ratio to Selector.wakeup()'s");
        out.printf("  %-22s %12s %6s %6s %14s %6s %6s%n", "impl", "any CPU", "±%", "xSel", "one CPU (0)", "±%", "xSel");
        for (String impl : impls) {
            Results.Row any = results.find("NotifyBench.roundTrip", "impl", impl, "cpus", "any");
            Results.Row one = results.find("NotifyBench.roundTrip", "impl", impl, "cpus", "0");
            out.printf("  %-22s %12s %6s %6s %14s %6s %6s%n", impl,
                    any == null ? "-" : count(any.score()), any == null ? "" : percent(any.error() / any.score()),
                    any == null ? "" : ratio(any.score() / selAny),
                    one == null ? "-" : count(one.score()), one == null ? "" : percent(one.error() / one.score()),
                    one == null ? "" : ratio(one.score() / selOne));
            if (one != null && impl.equals("epoll")) {
                target(one.score() / selOne <= 0.5, "wakeup round trip on one CPU <= 0.5x Selector.wakeup's", impl,
                        ratio(one.score() / selOne) + "x");
            }
        }
        out.printf("  %-22s %12s %6s %6s %14s %6s%n", "C epoll+eventfd", count(mean(cAny)), spread(cAny), "",
                count(mean(cOne)), spread(cOne));
    }

    // --------------------------------------------------------------- scaling

    private void scaling() {
        List<String> impls = impls("ScalingBench.event:events");
        if (impls.isEmpty()) {
            return;
        }
        out.println();
        out.println("== scaling: CPU ns per event (1-pipe ring, one event per poll) with K idle sources registered;");
        out.println("   raw impls: idle eventfds, others: idle pipes; last column: cost at 8000 / cost at 1");
        out.printf("  %-22s", "impl \\ K");
        for (String k : idleCounts) {
            out.printf(" %9s", k);
        }
        out.printf(" %9s%n", "8000/1");
        for (String impl : impls) {
            out.printf("  %-22s", impl);
            for (String k : idleCounts) {
                out.printf(" %9s", count(cpuPerEvent("ScalingBench.event", "idle", k, impl)));
            }
            out.printf(" %9s%n", ratio(cpuPerEvent("ScalingBench.event", "idle", "8000", impl)
                    / cpuPerEvent("ScalingBench.event", "idle", "1", impl)));
        }
        out.printf("  %-22s", "(events/s, same runs)");
        out.println();
        for (String impl : impls) {
            out.printf("  %-22s", impl);
            for (String k : idleCounts) {
                out.printf(" %9s", count(results.score("ScalingBench.event:events", "impl", impl, "idle", k)));
            }
            out.println();
        }
        List<Double> c1 = cRingCpu("c-epoll", new String[] {"1", "1"});
        List<Double> c8000 = cRingCpu("c-epoll", new String[] {"8000", "1"});
        if (!c1.isEmpty()) {
            out.printf("  (C oneshot ring for scale: %s CPU ns/event at N=1, %s at N=8000: %s)%n",
                    count(mean(c1)), count(mean(c8000)), ratio(mean(c8000) / mean(c1)));
        }
        for (String impl : new String[] {"epoll-oneshot-raw", "epoll-oneshot-chan"}) {
            double growth = cpuPerEvent("ScalingBench.event", "idle", "8000", impl) / cpuPerEvent("ScalingBench.event", "idle", "1", impl);
            target(growth, growth <= 1.10, "EPOLL cost/event with 8000 idle sources <= 1.1x with 1", impl,
                    ratio(growth) + "x (CPU time)");
        }
    }

    // ------------------------------------------------------------------- jnr

    private void jnr() {
        List<Results.Row> rows = results.rows.stream().filter(r -> r.benchmark().startsWith("JnrCallBench.")).toList();
        if (rows.isEmpty()) {
            return;
        }
        out.println();
        out.println("== JNR call cost: ns per call by binding style (getppid: one real system call)");
        for (Results.Row row : rows) {
            out.printf("  %-40s %8.1f%n", row.benchmark().substring("JnrCallBench.".length()), row.score());
        }
    }

    // --------------------------------------------------------------- helpers

    /** The impl params present for {@code benchmark}, in first-seen order. */
    private List<String> impls(String benchmark) {
        return values(benchmark, "impl");
    }

    /** The values of {@code param} present for {@code benchmark}, in first-seen order. */
    private List<String> values(String benchmark, String param) {
        Set<String> seen = new LinkedHashSet<>();
        for (Results.Row row : results.rows) {
            if (row.benchmark().equals(benchmark)) {
                seen.add(row.param(param));
            }
        }
        return new ArrayList<>(seen);
    }

    private double events(String benchmark, String configParam, String config, String impl) {
        return results.score(benchmark + ":events", configParam, config, "impl", impl);
    }

    /** gc.alloc.rate.norm is per invocation (one poll); scaled to per event. */
    private double bytesPerEvent(String benchmark, String configParam, String config, String impl) {
        double norm = results.score(benchmark + ":gc.alloc.rate.norm", configParam, config, "impl", impl);
        double polls = results.score(benchmark, configParam, config, "impl", impl);
        double events = events(benchmark, configParam, config, impl);
        return norm * polls / events;
    }

    /** The bytes per event JMH's own bookkeeping can account for at {@code eventsPerSecond}. */
    static double zeroBytes(double eventsPerSecond) {
        return Math.max(ZERO_BYTES, HARNESS_BYTES_PER_SECOND / eventsPerSecond);
    }

    private void target(boolean met, String target, String where, String measured) {
        targets.add(String.format("  %-7s %-58s %-26s %s", met ? "MET" : "MISSED", target, where, measured));
    }

    /** A target whose measure may be missing (no C run, no baseline): then it says n/a. */
    private void target(double measure, boolean met, String target, String where, String measured) {
        if (Double.isNaN(measure)) {
            targets.add(String.format("  %-7s %-58s %-26s %s", "n/a", target, where, "(no reference measured)"));
        } else {
            target(met, target, where, measured);
        }
    }

    private static boolean isOneshot(String impl) {
        return impl.contains("-oneshot-");
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /** "(n runs, ±x%)": how far the C runs of this sitting were apart. */
    private static String spread(List<Double> values) {
        if (values.size() < 2) {
            return values.isEmpty() ? "(no C run)" : "(1 run)";
        }
        double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        double min = values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        return String.format("(%d runs, ±%.0f%%)", values.size(), 50 * (max - min) / mean(values));
    }

    private static String count(double v) {
        return Double.isNaN(v) ? "-" : String.format("%,.0f", v);
    }

    private static String ratio(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "-" : String.format("%.2f", v);
    }

    private static String percent(double v) {
        return Double.isNaN(v) ? "" : String.format("%.0f", 100 * v);
    }

    private static String bytes(double v) {
        return Double.isNaN(v) ? "-" : String.format("%.3f", v);
    }
}
