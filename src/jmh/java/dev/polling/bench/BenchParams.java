package dev.polling.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Parsing and checking of benchmark parameters. */
final class BenchParams {
    private BenchParams() {
    }

    /** The {@code binding} parameter's value that leaves the library's own choice alone. */
    static final String DEFAULT_BINDING = "default";

    /**
     * Makes this JVM's pollers use {@code binding} ({@code ffm}, {@code jnr}, or
     * {@link #DEFAULT_BINDING}); called in a trial's setup, before the first poller opens. The
     * library reads {@code -Dpolling.binding} when each poller opens, and refuses a binding that
     * cannot work here.
     */
    static void useBinding(String binding) {
        if (!binding.equals(DEFAULT_BINDING)) {
            System.setProperty("polling.binding", binding);
        }
    }

    /** {@code "NxT"} → {N, T}. */
    static int[] ring(String config) {
        String[] parts = config.trim().split("x");
        if (parts.length != 2) {
            throw new IllegalArgumentException("ring config '" + config + "': expected NxT, e.g. 1000x1");
        }
        return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
    }

    /**
     * Checks that this process may run only on the CPUs {@code cpus} says ({@code any}: no check),
     * so that a result labelled "one CPU" really was: the harness must be started under
     * {@code taskset -c 0}, which the forked JVMs inherit.
     */
    static void requireCpus(String cpus) throws IOException {
        if (cpus.equals("any")) {
            return;
        }
        String allowed = allowedCpus();
        if (!allowed.equals(cpus)) {
            throw new IllegalStateException("cpus=" + cpus + " but this JVM may run on CPUs " + allowed
                    + ": start the benchmark under taskset -c " + cpus);
        }
    }

    /** The CPUs this process may run on, as Linux lists them ({@code 0-1}), or {@code ?}. */
    static String allowedCpus() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return "?";
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("Cpus_allowed_list:")) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return "?";
    }
}
