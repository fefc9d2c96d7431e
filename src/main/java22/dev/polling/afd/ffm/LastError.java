package dev.polling.afd.ffm;

import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/**
 * The thread's last error, captured by the linker right after a {@code kernel32} or {@code ws2_32}
 * call: {@code GetLastError()} (and {@code WSAGetLastError()}, which reads the same per-thread
 * value) on Windows. Elsewhere (the Linux stand-in the tests bind to) the stand-in reports its
 * error in errno, so errno is captured there.
 *
 * <p>The segment is one per thread, allocated on the thread's first capturing call and freed by
 * the garbage collector with the thread, so that a call allocates nothing.
 */
final class LastError {
    private static final StructLayout LAYOUT = Linker.Option.captureStateLayout();
    private static final boolean WINDOWS = has("GetLastError");
    private static final String NAME = WINDOWS ? "GetLastError" : "errno";

    /** Captures {@code GetLastError()} (errno off Windows). */
    static final Linker.Option OPTION = Linker.Option.captureCallState(NAME);
    /** Captures {@code WSAGetLastError()} (errno off Windows). */
    static final Linker.Option WSA_OPTION = Linker.Option.captureCallState(WINDOWS ? "WSAGetLastError" : "errno");

    private static final VarHandle VALUE = LAYOUT.varHandle(PathElement.groupElement(NAME));
    private static final VarHandle WSA_VALUE =
            LAYOUT.varHandle(PathElement.groupElement(WINDOWS ? "WSAGetLastError" : "errno"));
    private static final ThreadLocal<MemorySegment> STATE = ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(LAYOUT));

    private LastError() {
    }

    /** This thread's capture segment. */
    static MemorySegment state() {
        return STATE.get();
    }

    /** The {@code GetLastError()} captured in {@code state}. */
    static int value(MemorySegment state) {
        return (int) VALUE.get(state, 0L);
    }

    /** The {@code WSAGetLastError()} captured in {@code state}. */
    static int wsaValue(MemorySegment state) {
        return (int) WSA_VALUE.get(state, 0L);
    }

    private static boolean has(String name) {
        for (MemoryLayout member : LAYOUT.memberLayouts()) {
            if (member.name().filter(name::equals).isPresent()) {
                return true;
            }
        }
        return false;
    }
}
