package dev.polling.spi;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/** Whether a thread is virtual, on a JDK that may predate virtual threads (17 has none). */
public final class VirtualThreads {
    /** {@code Thread.isVirtual()} where it exists (JDK 21+), else {@code null}. */
    private static final MethodHandle IS_VIRTUAL = find();

    private VirtualThreads() {
    }

    /** Whether this JDK has virtual threads. */
    public static boolean supported() {
        return IS_VIRTUAL != null;
    }

    /** Whether {@code thread} is a virtual thread; always false before JDK 21. */
    public static boolean isVirtual(Thread thread) {
        if (IS_VIRTUAL == null) {
            return false;
        }
        try {
            return (boolean) IS_VIRTUAL.invokeExact(thread);
        } catch (Throwable impossible) {
            throw new AssertionError("Thread.isVirtual() threw", impossible);
        }
    }

    private static MethodHandle find() {
        try {
            return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null;
        }
    }
}
