package dev.polling.epoll;

import dev.polling.spi.NativeLibraries;

/**
 * {@link EpollNative} through JNR-FFI: {@link LibEpoll}, plus {@link LibEpollPwait2} for the one
 * optional function, bound to the C library or to {@code -Dpolling.epoll.library=NAME}.
 */
final class JnrEpollNative implements EpollNative {
    /** {@code F_GETFD} on Linux. */
    private static final int F_GETFD = 1;

    /** The backend name in {@code -Dpolling.epoll.library}. */
    static final String BACKEND_NAME = "epoll";

    private final LibEpoll lib;
    private final LibEpollPwait2 pwait2;
    private final jnr.ffi.Runtime runtime;

    private JnrEpollNative(LibEpoll lib, LibEpollPwait2 pwait2) {
        this.lib = lib;
        this.pwait2 = pwait2;
        this.runtime = jnr.ffi.Runtime.getRuntime(lib);
    }

    /**
     * Binds the C library (or the override).
     *
     * @throws UnsatisfiedLinkError if it cannot be loaded, or jffi's native stub cannot
     */
    static JnrEpollNative load() {
        LibEpoll lib = NativeLibraries.load(LibEpoll.class, BACKEND_NAME, "c");
        // Symbols resolve when first called: a C library without epoll_pwait2 still binds, and
        // the call throws UnsatisfiedLinkError, which the backend's probe turns into a fallback.
        LibEpollPwait2 pwait2 = NativeLibraries.load(LibEpollPwait2.class, BACKEND_NAME, "c");
        return new JnrEpollNative(lib, pwait2);
    }

    @Override
    public int epollCreate1(int flags) {
        return lib.epoll_create1(flags);
    }

    @Override
    public int epollCtl(int epfd, int op, int fd, long event) {
        return lib.epoll_ctl(epfd, op, fd, event);
    }

    @Override
    public int epollWait(int epfd, long events, int maxEvents, int timeoutMillis) {
        return lib.epoll_wait(epfd, events, maxEvents, timeoutMillis);
    }

    @Override
    public int epollPwait2(int epfd, long events, int maxEvents, long timespec) {
        return pwait2.epoll_pwait2(epfd, events, maxEvents, timespec, 0L);
    }

    @Override
    public int eventfd(int initval, int flags) {
        return lib.eventfd(initval, flags);
    }

    @Override
    public int pipe2(long fds, int flags) {
        return lib.pipe2(fds, flags);
    }

    @Override
    public long read(int fd, long buf, long count) {
        return lib.read(fd, buf, count);
    }

    @Override
    public long write(int fd, long buf, long count) {
        return lib.write(fd, buf, count);
    }

    @Override
    public int close(int fd) {
        return lib.close(fd);
    }

    @Override
    public int fcntlGetFd(int fd) {
        return lib.fcntl(fd, F_GETFD, 0);
    }

    @Override
    public int lastError() {
        return runtime.getLastError();
    }
}
