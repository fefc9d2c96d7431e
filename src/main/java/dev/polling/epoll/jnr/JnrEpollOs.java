package dev.polling.epoll.jnr;

import dev.polling.epoll.EpollOs;
import dev.polling.spi.Errno;
import dev.polling.spi.NativeBuffer;
import dev.polling.spi.jnr.JnrLibraries;
import dev.polling.spi.jnr.JnrUnixOs;

/**
 * {@link EpollOs} through JNR-FFI: {@link LibEpoll}, plus {@link LibEpollPwait2} for the one
 * optional function, bound to the C library or to {@code -Dpolling.epoll.library=NAME}.
 */
public final class JnrEpollOs extends JnrUnixOs implements EpollOs {
    /** The backend name in {@code -Dpolling.epoll.library}. */
    static final String BACKEND_NAME = "epoll";

    private final LibEpoll lib;
    private final LibEpollPwait2 pwait2;

    private JnrEpollOs(LibEpoll lib, LibEpollPwait2 pwait2) {
        super(lib);
        this.lib = lib;
        this.pwait2 = pwait2;
    }

    /**
     * Binds the C library (or the override); what {@link dev.polling.spi.Binding#load(Class)} calls.
     *
     * @throws UnsatisfiedLinkError if it cannot be loaded, or jffi's native stub cannot
     */
    public static EpollOs load() {
        LibEpoll lib = JnrLibraries.load(LibEpoll.class, BACKEND_NAME, JnrLibraries.LIBC);
        // Symbols resolve when first called: a C library without epoll_pwait2 still binds, and
        // the call throws UnsatisfiedLinkError, which epollPwait2 turns into ENOSYS.
        LibEpollPwait2 pwait2 = JnrLibraries.load(LibEpollPwait2.class, BACKEND_NAME, JnrLibraries.LIBC);
        return new JnrEpollOs(lib, pwait2);
    }

    @Override
    public int epollCreate1(int flags) {
        return result(lib.epoll_create1(flags));
    }

    @Override
    public int epollCtl(int epfd, int op, int fd, NativeBuffer event) {
        return result(lib.epoll_ctl(epfd, op, fd, event == null ? 0L : event.address()));
    }

    @Override
    public int epollWait(int epfd, NativeBuffer events, int maxEvents, int timeoutMillis) {
        return result(lib.epoll_wait(epfd, events.address(), maxEvents, timeoutMillis));
    }

    @Override
    public int epollPwait2(int epfd, NativeBuffer events, int maxEvents, NativeBuffer timeout) {
        try {
            return result(pwait2.epoll_pwait2(epfd, events.address(), maxEvents, timeout.address(), 0L));
        } catch (UnsatisfiedLinkError missing) {
            return -Errno.ENOSYS;
        }
    }

    @Override
    public int eventfd(int initval, int flags) {
        return result(lib.eventfd(initval, flags));
    }
}
