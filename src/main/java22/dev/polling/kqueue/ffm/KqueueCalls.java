package dev.polling.kqueue.ffm;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.invoke.MethodHandle;

import dev.polling.spi.ffm.CapturedErrno;
import dev.polling.spi.ffm.FfmLibraries;

/**
 * The kqueue functions' downcall handles, {@code static final} so that the JIT treats them as
 * constants. Each takes the function's address first (from the library {@link FfmKqueueOs} bound:
 * the C library or a stand-in), then the errno capture segment. Not critical: {@code kevent}
 * waits.
 */
final class KqueueCalls {
    /** {@code int kqueue(void)}. */
    static final MethodHandle KQUEUE = FfmLibraries.downcall(FunctionDescriptor.of(JAVA_INT), CapturedErrno.OPTION);
    /**
     * {@code int kevent(int kq, const struct kevent *changelist, int nchanges, struct kevent *eventlist,
     * int nevents, const struct timespec *timeout)}: macOS, FreeBSD, OpenBSD, DragonFly.
     */
    static final MethodHandle KEVENT = FfmLibraries.downcall(
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS), CapturedErrno.OPTION);
    /**
     * {@code int __kevent50(int kq, const struct kevent *changelist, size_t nchanges,
     * struct kevent *eventlist, size_t nevents, const struct timespec *timeout)}: NetBSD.
     */
    static final MethodHandle KEVENT_NETBSD = FfmLibraries.downcall(
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS), CapturedErrno.OPTION);

    private KqueueCalls() {
    }
}
