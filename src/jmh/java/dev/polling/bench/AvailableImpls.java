package dev.polling.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.openjdk.jmh.annotations.Param;

import dev.polling.Backend;
import dev.polling.Poller;
import dev.polling.detection.BindingDetector;

/**
 * Prints, for a benchmark class, its {@code impl} parameter values whose backend is available
 * here (or, for a benchmark without {@code impl}, its {@code binding} values this JVM can use),
 * comma-separated (for JMH's {@code -p impl=...}); each one left out is named on stderr with
 * the reason. The benchmark's {@code @Param} list stays the one list of what the suite measures.
 *
 * <p>Usage: {@code java -cp polling-bench.jar dev.polling.bench.AvailableImpls RingBench}
 */
public final class AvailableImpls {
    private AvailableImpls() {
    }

    /** Prints the available impls of the benchmark class named by the first argument. */
    public static void main(String[] args) throws ReflectiveOperationException {
        if (args.length != 1) {
            System.err.println("usage: AvailableImpls BENCHMARK_CLASS (e.g. RingBench)");
            System.exit(2);
        }
        Class<?> type = Class.forName(AvailableImpls.class.getPackageName() + "." + args[0]);
        boolean byImpl = Arrays.stream(type.getFields()).anyMatch(f -> f.getName().equals("impl"));
        String[] all = type.getField(byImpl ? "impl" : "binding").getAnnotation(Param.class).value();
        List<String> kept = new ArrayList<>();
        for (String impl : all) {
            String reason = byImpl ? unavailableReason(impl) : BindingDetector.unusableReason(BindingDetector.parse(impl));
            if (reason == null) {
                kept.add(impl);
            } else {
                System.err.println("skipped " + impl + ": " + reason);
            }
        }
        System.out.println(String.join(",", kept));
    }

    /** Why {@code impl} cannot run here, or {@code null} if it can. */
    static String unavailableReason(String impl) {
        if (impl.equals(Impl.JDK_SELECTOR)) {
            return null;
        }
        String name = impl.contains("-") ? impl.substring(0, impl.indexOf('-')) : impl;
        Backend backend = Backend.valueOf(name.toUpperCase(Locale.ROOT));
        try (Poller probe = Poller.create(backend)) {
            return null;
        } catch (Exception | LinkageError e) {
            return "backend " + backend + " unavailable: " + e.getMessage();
        }
    }
}
