package dev.polling.spi.ffm;

import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/**
 * errno, captured by the linker right after a call ({@link Linker.Option#captureCallState}), for
 * the calls whose failure the caller tells apart; every other call is linked without it.
 *
 * <p>The JVM may itself change errno between a native call's return and Java code reading it, so
 * errno cannot be read by a second call afterwards: the linker copies it into a small segment the
 * caller passes. That segment is one per thread, allocated on the thread's first capturing call
 * and freed by the garbage collector with the thread, so that a call allocates nothing.
 */
public final class CapturedErrno {
    /** The linker option that captures errno into the segment passed before the call's arguments. */
    public static final Linker.Option OPTION = Linker.Option.captureCallState("errno");

    private static final StructLayout LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = LAYOUT.varHandle(PathElement.groupElement("errno"));
    private static final ThreadLocal<MemorySegment> STATE =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(LAYOUT));

    private CapturedErrno() {
    }

    /** This thread's capture segment, to pass to a capturing downcall. */
    public static MemorySegment state() {
        return STATE.get();
    }

    /** {@code result}, or {@code -errno} from {@code state} when it is -1 (the C failure value). */
    public static int result(int result, MemorySegment state) {
        return result == -1 ? -(int) ERRNO.get(state, 0L) : result;
    }

    /** As {@link #result(int, MemorySegment)}, for a {@code ssize_t} result. */
    public static int result(long result, MemorySegment state) {
        return result == -1 ? -(int) ERRNO.get(state, 0L) : (int) result;
    }
}
