package dev.polling.testsupport;

/**
 * Whether a thread's stack shows it inside a native call, for tests that wait until a poll is
 * blocked in the OS. A JNI call (JNR-FFI) shows a native method on top; a {@code java.lang.foreign}
 * downcall shows none (its stub frames are hidden), so our FFM binding's own method is the top frame.
 */
public final class NativeFrames {
    private NativeFrames() {
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
