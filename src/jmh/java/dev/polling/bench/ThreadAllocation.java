package dev.polling.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Bytes allocated so far by the current thread, as HotSpot counts them (the counter JMH's
 * {@code -prof gc} reads), for exact per-event garbage figures outside JMH.
 *
 * <p>Reached reflectively: the benchmarks compile inside the library's module, which does not
 * read {@code java.management}; on the class path, where they run, every module is readable.
 */
final class ThreadAllocation {
    private static final MethodHandle CURRENT_THREAD_ALLOCATED_BYTES = find();

    private ThreadAllocation() {
    }

    /** Bytes the current thread has allocated, or -1 where the JVM does not count them. */
    static long bytes() {
        if (CURRENT_THREAD_ALLOCATED_BYTES == null) {
            return -1;
        }
        try {
            return (long) CURRENT_THREAD_ALLOCATED_BYTES.invokeExact();
        } catch (Throwable e) {
            return -1;
        }
    }

    private static MethodHandle find() {
        try {
            Object bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
            Class<?> type = Class.forName("com.sun.management.ThreadMXBean");
            if (!type.isInstance(bean)) {
                return null;
            }
            MethodHandle handle = MethodHandles.publicLookup()
                    .findVirtual(type, "getCurrentThreadAllocatedBytes", MethodType.methodType(long.class));
            return handle.bindTo(bean);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
        }
    }
}
