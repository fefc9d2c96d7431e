package dev.polling.epoll;

import jnr.ffi.annotations.IgnoreError;
import jnr.ffi.annotations.Variadic;

/**
 * The JNR-FFI binding to the C library's epoll functions (see {@code man 7 epoll}).
 *
 * <p>Public only because JNR-FFI implements it from another class loader; nothing outside this
 * package uses it. Pointers are passed as {@code long} native addresses, which is exact on every
 * LP64 Linux and keeps every signature primitive, so that jffi takes its fastest call path and
 * nothing is allocated per call. errno is saved after each call (read it with
 * {@code jnr.ffi.Runtime#getLastError()}) except where {@link IgnoreError} says it is never needed.
 * {@code epoll_pwait2} lives in {@link LibEpollPwait2}, since older C libraries lack it.
 */
public interface LibEpoll {
    /** {@code int epoll_create1(int flags)}. */
    int epoll_create1(int flags);

    /** {@code int epoll_ctl(int epfd, int op, int fd, struct epoll_event *event)}; {@code event} may be 0 for DEL. */
    int epoll_ctl(int epfd, int op, int fd, long event);

    /** {@code int epoll_wait(int epfd, struct epoll_event *events, int maxevents, int timeout)}. */
    int epoll_wait(int epfd, long events, int maxevents, int timeout);

    /** {@code int eventfd(unsigned int initval, int flags)}. */
    int eventfd(int initval, int flags);

    /** {@code int pipe2(int pipefd[2], int flags)}; {@code pipefd} is the address of two ints. */
    int pipe2(long pipefd, int flags);

    /** {@code ssize_t read(int fd, void *buf, size_t count)}. */
    long read(int fd, long buf, long count);

    /**
     * {@code ssize_t write(int fd, const void *buf, size_t count)}. Used only to signal the
     * wake-up descriptor, where the result alone says all there is to know.
     */
    @IgnoreError
    long write(int fd, long buf, long count);

    /** {@code int close(int fd)}. */
    int close(int fd);

    /** {@code int fcntl(int fd, int cmd, ...)}, called with one int argument. */
    @Variadic(fixedCount = 2)
    int fcntl(int fd, int cmd, int arg);
}
