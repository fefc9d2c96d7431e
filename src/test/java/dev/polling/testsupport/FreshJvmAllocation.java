package dev.polling.testsupport;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.reflect.Constructor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Bytes a hot path allocates once the JIT has compiled it, measured in a fresh JVM.
 *
 * <p>Why a fresh JVM: whether the optimizing JIT removes a short-lived object (the slice the JDK's
 * linker makes of an errno capture segment, a JNR parameter wrapper) depends on inlining, which
 * depends on the type profiles of shared methods and on what was compiled first. Inside the
 * test suite's JVM both are shaped by whatever tests ran before, in an order that differs between
 * machines, so an in-process check can stay noisy for good on one machine and be quiet on another.
 * A fresh JVM runs only the workload, as an application's event loop would.
 *
 * <p>The child runs windows of the workload until one allocates less than the quiet threshold, or a
 * deadline passes; a per-operation allocation shows in every window, a one-off (a compilation, a
 * deoptimization) in a few. If no window of a JVM was quiet, a second fresh JVM gets its own chance:
 * a real allocation fails both.
 */
public final class FreshJvmAllocation {
    private static final Duration DEADLINE_PER_JVM = Duration.ofSeconds(45);
    private static final Duration CHILD_LIMIT = DEADLINE_PER_JVM.plusSeconds(60);
    private static final int JVMS = 2;

    private FreshJvmAllocation() {
    }

    /** The quietest window of a run: the bytes it allocated, over how many operations. */
    public record Result(long bytes, long operations, int windows, int jvms) {
        /** Bytes per operation in the quietest window. */
        public double bytesPerOperation() {
            return bytes / (double) operations;
        }

        @Override
        public String toString() {
            return bytes + " bytes over " + operations + " operations in the quietest of " + windows
                    + " windows (best of " + jvms + " fresh JVMs)";
        }
    }

    /**
     * Runs {@code workload} in fresh JVMs with this JVM's flags and class path, plus
     * {@code properties} as {@code -D} options, and returns its quietest window. Skips the calling
     * test (an assumption) where the JVM does not count allocated bytes per thread.
     *
     * @param quietBytes a window allocating fewer bytes than this ends the run
     */
    public static Result measure(Class<? extends AllocationWorkload> workload, String argument, long quietBytes,
                                 Map<String, String> properties) throws Exception {
        String reason = new ThreadCounters().unavailableReason();
        assumeTrue(reason == null, reason);
        Result best = null;
        int jvms = 0;
        while (jvms < JVMS && (best == null || best.bytes() >= quietBytes)) {
            jvms++;
            List<String> command = new ArrayList<>();
            command.add(ChildJvm.tool("java"));
            command.addAll(jvmFlags());
            properties.forEach((name, value) -> command.add("-D" + name + "=" + value));
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), FreshJvmAllocation.class.getName(),
                    workload.getName(), argument, Long.toString(quietBytes)));
            Map<String, String> values = ChildJvm.run(command, CHILD_LIMIT).values();
            long bytes = Long.parseLong(values.get("bytes"));
            if (best == null || bytes < best.bytes()) {
                best = new Result(bytes, Long.parseLong(values.get("operations")), Integer.parseInt(values.get("windows")), 0);
            }
        }
        return new Result(best.bytes(), best.operations(), best.windows(), jvms);
    }

    /**
     * The child: {@code <workload class> <argument> <quiet bytes>}; prints {@code bytes=},
     * {@code operations=} and {@code windows=} of its quietest window.
     */
    public static void main(String[] args) throws Exception {
        ThreadCounters counters = new ThreadCounters();
        if (counters.unavailableReason() != null) {
            throw new IllegalStateException(counters.unavailableReason());
        }
        long quietBytes = Long.parseLong(args[2]);
        Constructor<?> constructor = Class.forName(args[0]).getDeclaredConstructor(String.class);
        constructor.setAccessible(true);
        long deadline = System.nanoTime() + DEADLINE_PER_JVM.toNanos();
        try (AllocationWorkload workload = (AllocationWorkload) constructor.newInstance(args[1])) {
            long quietest = Long.MAX_VALUE;
            long operations = 0;
            int windows = 0;
            do {
                long before = counters.allocatedBytes();
                long done = workload.window();
                long bytes = counters.allocatedBytes() - before;
                windows++;
                if (bytes < quietest) {
                    quietest = bytes;
                    operations = done;
                }
            } while (quietest >= quietBytes && System.nanoTime() - deadline < 0);
            System.out.println("bytes=" + quietest);
            System.out.println("operations=" + operations);
            System.out.println("windows=" + windows);
        }
    }

    /** This JVM's own options (exports, native access, binding choice), without agents. */
    private static List<String> jvmFlags() throws ReflectiveOperationException {
        Object runtime = Class.forName("java.lang.management.ManagementFactory").getMethod("getRuntimeMXBean").invoke(null);
        @SuppressWarnings("unchecked")
        List<String> arguments = (List<String>) Class.forName("java.lang.management.RuntimeMXBean")
                .getMethod("getInputArguments").invoke(runtime);
        List<String> flags = new ArrayList<>();
        for (String argument : arguments) {
            if (!argument.startsWith("-javaagent") && !argument.startsWith("-agentlib")
                    && !argument.startsWith("-agentpath")) {
                flags.add(argument);
            }
        }
        return flags;
    }
}
