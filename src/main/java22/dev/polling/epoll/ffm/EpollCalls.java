package dev.polling.epoll.ffm;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;

import dev.polling.spi.ffm.CapturedErrno;
import dev.polling.spi.ffm.FfmLibraries;

/**
 * The epoll functions' downcall handles, {@code static final} so that the JIT treats them as
 * constants. Each takes the function's address first (from the library {@link FfmEpollOs} bound),
 * then the errno capture segment, then the C arguments; pointers are {@code struct epoll_event}
 * arrays or a {@code struct timespec} in this binding's buffers.
 *
 * <p>Only {@code epoll_ctl} is {@link Linker.Option#critical critical}: it never blocks, while
 * {@code epoll_wait} and {@code epoll_pwait2} block and must let the JVM reach safepoints.
 */
final class EpollCalls {
    /** {@code int epoll_create1(int flags)}. */
    static final MethodHandle EPOLL_CREATE1 =
            FfmLibraries.downcall(FunctionDescriptor.of(JAVA_INT, JAVA_INT), CapturedErrno.OPTION);
    /** {@code int epoll_ctl(int epfd, int op, int fd, struct epoll_event *event)}. */
    static final MethodHandle EPOLL_CTL = FfmLibraries.downcall(
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS),
            Linker.Option.critical(false), CapturedErrno.OPTION);
    /** {@code int epoll_wait(int epfd, struct epoll_event *events, int maxevents, int timeout)}. */
    static final MethodHandle EPOLL_WAIT = FfmLibraries.downcall(
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), CapturedErrno.OPTION);
    /**
     * {@code int epoll_pwait2(int epfd, struct epoll_event *events, int maxevents,
     * const struct timespec *timeout, const sigset_t *sigmask)}.
     */
    static final MethodHandle EPOLL_PWAIT2 = FfmLibraries.downcall(
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS), CapturedErrno.OPTION);
    /** {@code int eventfd(unsigned int initval, int flags)}. */
    static final MethodHandle EVENTFD =
            FfmLibraries.downcall(FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), CapturedErrno.OPTION);

    private EpollCalls() {
    }
}
