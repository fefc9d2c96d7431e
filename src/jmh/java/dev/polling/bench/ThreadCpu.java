package dev.polling.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * CPU time (user + system) of the current thread, reached reflectively for the same reason as
 * {@link ThreadAllocation}: the benchmarks compile inside a module that does not read
 * {@code java.management}.
 */
final class ThreadCpu {
    private static final MethodHandle CURRENT_THREAD_CPU_TIME = find();

    private ThreadCpu() {
    }

    /** The current thread's CPU nanoseconds, or -1 where the JVM does not measure them. */
    static long nanos() {
        if (CURRENT_THREAD_CPU_TIME == null) {
            return -1;
        }
        try {
            return (long) CURRENT_THREAD_CPU_TIME.invokeExact();
        } catch (Throwable e) {
            return -1;
        }
    }

    private static MethodHandle find() {
        try {
            Class<?> type = Class.forName("java.lang.management.ThreadMXBean");
            Object bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
            if (!(boolean) type.getMethod("isCurrentThreadCpuTimeSupported").invoke(bean)) {
                return null;
            }
            return MethodHandles.publicLookup()
                    .findVirtual(type, "getCurrentThreadCpuTime", MethodType.methodType(long.class))
                    .bindTo(bean);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }
}
