package dev.polling.testsupport;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The current thread's CPU time and allocated bytes, from {@code com.sun.management.ThreadMXBean},
 * for tests that pin "no garbage per event" or "no busy loop". Looked up reflectively: the tests compile inside the module {@code dev.polling}, which does not
 * read {@code java.management}. Read through exact method handles, which neither box the result nor
 * generate an accessor class after a few calls, as {@code Method.invoke} does.
 */
public final class ThreadCounters {
    private static final MethodType LONG = MethodType.methodType(long.class);

    private final MethodHandle cpuTime;
    private final MethodHandle allocatedBytes;
    private final String unavailable;

    /** Looks the counters up; check {@link #unavailableReason()} before reading them. */
    public ThreadCounters() {
        MethodHandle cpu = null;
        MethodHandle allocated = null;
        String reason = null;
        try {
            Object b = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
            Class<?> extended = Class.forName("com.sun.management.ThreadMXBean");
            if (!extended.isInstance(b) || !(boolean) extended.getMethod("isThreadAllocatedMemoryEnabled").invoke(b)) {
                reason = "this JVM does not count allocated bytes per thread";
            } else {
                MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                cpu = lookup.findVirtual(extended, "getCurrentThreadCpuTime", LONG).bindTo(b);
                allocated = lookup.findVirtual(extended, "getCurrentThreadAllocatedBytes", LONG).bindTo(b);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            reason = "no com.sun.management.ThreadMXBean here: " + e;
        }
        cpuTime = cpu;
        allocatedBytes = allocated;
        unavailable = reason;
    }

    /** Why the counters cannot be read, or {@code null}. */
    public String unavailableReason() {
        return unavailable;
    }

    /** CPU time used by the current thread, in nanoseconds. */
    public long cpuNanos() {
        return read(cpuTime);
    }

    /** Bytes allocated by the current thread so far. */
    public long allocatedBytes() {
        return read(allocatedBytes);
    }

    private static long read(MethodHandle handle) {
        try {
            return (long) handle.invokeExact();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
