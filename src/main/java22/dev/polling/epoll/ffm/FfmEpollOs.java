package dev.polling.epoll.ffm;

import java.lang.foreign.MemorySegment;

import dev.polling.epoll.EpollOs;
import dev.polling.spi.Errno;
import dev.polling.spi.NativeBuffer;
import dev.polling.spi.Platform;
import dev.polling.spi.ffm.CapturedErrno;
import dev.polling.spi.ffm.FfmCalls;
import dev.polling.spi.ffm.FfmLibraries;
import dev.polling.spi.ffm.FfmNativeBuffer;
import dev.polling.spi.ffm.FfmUnixOs;

/**
 * {@link EpollOs} through {@code java.lang.foreign}: the epoll functions of the C library, or of
 * {@code -Dpolling.epoll.library=NAME}, called through {@link EpollCalls}; the shared calls from
 * {@link FfmUnixOs}. Every buffer is checked to hold what the kernel reads or writes there
 * ({@link IndexOutOfBoundsException} otherwise). Thread-safe; nothing is allocated per call.
 */
public final class FfmEpollOs extends FfmUnixOs implements EpollOs {
    /** The backend name in {@code -Dpolling.epoll.library}. */
    static final String BACKEND_NAME = "epoll";

    /**
     * The array stride of {@code struct epoll_event} ({@code EpollEventLayout}), to check that an
     * event buffer holds {@code maxEvents} before the kernel writes them: packed on x86_64 only.
     */
    private static final long EVENT_SIZE = Platform.current().isX86_64() ? 12 : 16;

    private final MemorySegment epollCreate1;
    private final MemorySegment epollCtl;
    private final MemorySegment epollWait;
    /** {@link MemorySegment#NULL} where the C library has no {@code epoll_pwait2} (glibc before 2.35). */
    private final MemorySegment epollPwait2;
    private final MemorySegment eventfd;

    private FfmEpollOs(FfmLibraries.Library lib) {
        epollCreate1 = lib.find("epoll_create1");
        epollCtl = lib.find("epoll_ctl");
        epollWait = lib.find("epoll_wait");
        epollPwait2 = lib.findOptional("epoll_pwait2");
        eventfd = lib.find("eventfd");
    }

    /**
     * Binds the C library (or the override); what {@link dev.polling.spi.Binding#load(Class)} calls.
     *
     * @throws UnsatisfiedLinkError if the library or one of its epoll functions cannot be found
     */
    public static EpollOs load() {
        return new FfmEpollOs(FfmLibraries.load(BACKEND_NAME, FfmLibraries.LIBC));
    }

    @Override
    public int epollCreate1(int flags) {
        MemorySegment state = CapturedErrno.state();
        try {
            return CapturedErrno.result((int) EpollCalls.EPOLL_CREATE1.invokeExact(epollCreate1, state, flags), state);
        } catch (Throwable t) {
            throw FfmCalls.unexpected("epoll_create1", t);
        }
    }

    @Override
    public int epollCtl(int epfd, int op, int fd, NativeBuffer event) {
        MemorySegment e = event == null ? MemorySegment.NULL : FfmNativeBuffer.segment(event, EVENT_SIZE);
        MemorySegment state = CapturedErrno.state();
        try {
            return CapturedErrno.result((int) EpollCalls.EPOLL_CTL.invokeExact(epollCtl, state, epfd, op, fd, e), state);
        } catch (Throwable t) {
            throw FfmCalls.unexpected("epoll_ctl", t);
        }
    }

    @Override
    public int epollWait(int epfd, NativeBuffer events, int maxEvents, int timeoutMillis) {
        MemorySegment e = FfmNativeBuffer.segment(events, maxEvents * EVENT_SIZE);
        MemorySegment state = CapturedErrno.state();
        try {
            return CapturedErrno.result(
                    (int) EpollCalls.EPOLL_WAIT.invokeExact(epollWait, state, epfd, e, maxEvents, timeoutMillis), state);
        } catch (Throwable t) {
            throw FfmCalls.unexpected("epoll_wait", t);
        }
    }

    @Override
    public int epollPwait2(int epfd, NativeBuffer events, int maxEvents, NativeBuffer timeout) {
        if (epollPwait2.equals(MemorySegment.NULL)) {
            return -Errno.ENOSYS;
        }
        MemorySegment e = FfmNativeBuffer.segment(events, maxEvents * EVENT_SIZE);
        MemorySegment t = FfmNativeBuffer.segment(timeout, 2 * Long.BYTES);
        MemorySegment state = CapturedErrno.state();
        try {
            return CapturedErrno.result((int) EpollCalls.EPOLL_PWAIT2.invokeExact(epollPwait2, state, epfd, e, maxEvents, t,
                    MemorySegment.NULL), state);
        } catch (Throwable th) {
            throw FfmCalls.unexpected("epoll_pwait2", th);
        }
    }

    @Override
    public int eventfd(int initval, int flags) {
        MemorySegment state = CapturedErrno.state();
        try {
            return CapturedErrno.result((int) EpollCalls.EVENTFD.invokeExact(eventfd, state, initval, flags), state);
        } catch (Throwable t) {
            throw FfmCalls.unexpected("eventfd", t);
        }
    }
}
