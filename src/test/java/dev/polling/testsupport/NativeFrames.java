package dev.polling.testsupport;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Whether a thread's stack shows it inside a native call, for tests that wait until a poll is
 * blocked in the OS. A JNI call (JNR-FFI) shows a native method on top; a {@code java.lang.foreign}
 * downcall shows none (its stub frames are hidden), so our FFM binding's own method is the top frame.
 */
public final class NativeFrames {
    private NativeFrames() {
    }

    /**
     * Returns once {@code thread} is inside a native call (a poll blocked in the OS), re-checking
     * its stack until {@code ceiling} has passed.
     *
     * @throws AssertionError if it never got there
     */
    public static void awaitInNativeCall(Thread thread, Duration ceiling) {
        long deadline = System.nanoTime() + ceiling.toNanos();
        while (!inNativeCall(thread.getStackTrace())) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(thread + " never blocked in a native call within " + ceiling);
            }
            LockSupport.parkNanos(200_000); // re-checking a condition, not a delay
        }
    }

    /** Whether the top of {@code stack} is a native method or one of this library's FFM binding calls. */
    public static boolean inNativeCall(StackTraceElement[] stack) {
        if (stack.length == 0) {
            return false;
        }
        StackTraceElement top = stack[0];
        return top.isNativeMethod() || (top.getClassName().startsWith("dev.polling.") && top.getClassName().contains(".ffm."));
    }
}
