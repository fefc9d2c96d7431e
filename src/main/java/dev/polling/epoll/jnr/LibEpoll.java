package dev.polling.epoll.jnr;

import dev.polling.spi.jnr.LibC;

/**
 * The JNR-FFI binding to the C library's epoll functions (see {@code man 7 epoll}).
 *
 * <p>Public only because JNR-FFI implements it from another class loader. Pointers are passed as
 * {@code long} native addresses, exact on every LP64 Linux, so that every signature is primitive,
 * jffi takes its fastest call path and nothing is allocated per call. errno is saved after each
 * call (read with {@code jnr.ffi.Runtime#getLastError()}). {@code epoll_pwait2} lives in
 * {@link LibEpollPwait2}, since older C libraries lack it; the shared POSIX calls come from {@link LibC}.
 */
public interface LibEpoll extends LibC {
    /** {@code int epoll_create1(int flags)}. */
    int epoll_create1(int flags);

    /** {@code int epoll_ctl(int epfd, int op, int fd, struct epoll_event *event)}; {@code event} may be 0 for DEL. */
    int epoll_ctl(int epfd, int op, int fd, long event);

    /** {@code int epoll_wait(int epfd, struct epoll_event *events, int maxevents, int timeout)}. */
    int epoll_wait(int epfd, long events, int maxevents, int timeout);

    /** {@code int eventfd(unsigned int initval, int flags)}. */
    int eventfd(int initval, int flags);
}
