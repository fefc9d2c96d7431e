package dev.polling.stress;

import dev.polling.Backend;

/** Prints the counts of a stress run, one {@code stress: ...} line per test and backend. */
final class StressReport {
    private StressReport() {
    }

    /** Prints {@code stress: <test> <backend> key=value ...}. */
    static void print(String test, Backend backend, String counts) {
        System.out.println("stress: " + test + " " + backend + " " + counts);
    }

    /** Seconds since {@code startNanos}, with two decimals. */
    static String secondsSince(long startNanos) {
        return String.format(java.util.Locale.ROOT, "%.2f", (System.nanoTime() - startNanos) / 1e9);
    }
}
