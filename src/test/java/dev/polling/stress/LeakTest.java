package dev.polling.stress;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.polling.Backend;

/**
 * {@link StressSettings#LEAK_CYCLES} cycles of create, add, poll (one event), close per backend
 * leave the open descriptors ({@code /proc/self/fd}) exactly where they were and the C heap in use
 * ({@code malloc_info}) flat.
 *
 * <p>The cycles run in a child JVM ({@link LeakProbe}): in this one, earlier tests' JIT
 * compilations, collections and unloaded classes move the C heap by megabytes, which hides a
 * leak; a fresh JVM with the serial collector and only C1 drifts by up to about a hundred
 * kilobytes in all (JDK 25 more than 17) and a few bytes per cycle. The heap's floor (the lowest
 * of three samples) at the end may exceed the floor at the start by at most {@link #HEAP_SLACK}
 * plus {@link #HEAP_BYTES_PER_CYCLE} per cycle: over 10,000 cycles, a leak of one 16-byte malloc
 * (a 32-byte block) per cycle fails.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LeakTest {
    private static final int SAMPLES = 10;
    private static final long HEAP_SLACK = 256 * 1024;
    private static final long HEAP_BYTES_PER_CYCLE = 4;

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Backend.class, names = {"EPOLL", "POLL", "SELECTOR", "IO_URING"})
    void shouldLeaveDescriptorsAndNativeMemoryWhereTheyWere(Backend backend) throws Exception {
        StressBackends.assumeDescriptorCount();
        StressBackends.open(backend).close(); // skips here if the backend is missing
        long start = System.nanoTime();
        int cycles = StressSettings.LEAK_CYCLES;
        List<long[]> samples = runProbe(backend, cycles);

        long fdsBefore = samples.get(0)[1];
        long fdsAfter = samples.get(samples.size() - 1)[1];
        long heapBefore = floor(samples, 0);
        long heapAfter = floor(samples, samples.size() - 3);
        long growth = heapAfter - heapBefore;
        long perCycle = growth / cycles;
        StressReport.print("leaks", backend, "cycles=" + cycles + " fdsBefore=" + fdsBefore + " fdsAfter=" + fdsAfter
                + " heapFloorBefore=" + heapBefore + " heapFloorAfter=" + heapAfter + " heapBytesPerCycle=" + perCycle
                + " seconds=" + StressReport.secondsSince(start));
        // One descriptor per cycle would show as +10,000. The JVM itself may open or close one or two
        // files meanwhile (a jar, a shared library), so the count need not match to the unit.
        assertTrue(fdsAfter - fdsBefore <= JVM_FD_NOISE, () -> backend + ": " + (fdsAfter - fdsBefore)
                + " descriptors leaked over " + cycles + " cycles");
        if (heapBefore >= 0) {
            assertTrue(growth < HEAP_SLACK + HEAP_BYTES_PER_CYCLE * cycles, () -> backend + ": the C heap grew by " + growth
                    + " bytes, " + perCycle + " per create/add/poll/close cycle; samples (cycles, fds, heap): " + describe(samples));
        }
    }

    /** Runs {@link LeakProbe} in a child JVM and returns its samples: cycles done, descriptors, heap bytes. */
    /** Descriptors the JVM may open on its own during the probe; far below one per cycle. */
    private static final int JVM_FD_NOISE = 2;

    private static List<long[]> runProbe(Backend backend, int cycles) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"),
                LeakProbe.class.getName(), backend.name(), String.valueOf(cycles), String.valueOf(SAMPLES));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<long[]> samples = new ArrayList<>();
        StringBuilder output = new StringBuilder();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                output.append(line).append('\n');
                if (line.startsWith("sample ")) {
                    String[] fields = line.split(" ");
                    samples.add(new long[] {Long.parseLong(fields[1]), Long.parseLong(fields[2]), Long.parseLong(fields[3])});
                }
            }
        } finally {
            if (!child.waitFor(StressSettings.CEILING.toSeconds(), TimeUnit.SECONDS)) {
                child.destroyForcibly();
                fail(backend + ": the leak probe did not exit:\n" + output);
            }
        }
        assumeTrue(!output.toString().contains("Unrecognized option"), () -> "the child JVM refused an option:\n" + output);
        if (child.exitValue() != 0 || samples.size() != SAMPLES + 1) {
            fail(backend + ": the leak probe failed (exit " + child.exitValue() + "):\n" + output);
        }
        return samples;
    }

    /** The lowest heap of three samples from {@code from}. */
    private static long floor(List<long[]> samples, int from) {
        return Math.min(samples.get(from)[2], Math.min(samples.get(from + 1)[2], samples.get(from + 2)[2]));
    }

    private static String describe(List<long[]> samples) {
        StringBuilder text = new StringBuilder();
        for (long[] s : samples) {
            text.append(String.format("%n  %d, %d, %d", s[0], s[1], s[2]));
        }
        return text.toString();
    }
}
