package dev.polling.epoll;

/**
 * The OS calls the epoll backend makes, as a narrow Java interface so that the backend's logic
 * can be tested with the OS mocked. Pointers are native addresses; each call returns what the C
 * function returns, and {@link #lastError()} gives the errno of the last failed call on this
 * thread.
 */
interface EpollNative {
    /** {@code epoll_create1(flags)}: a new epoll descriptor, or -1. */
    int epollCreate1(int flags);

    /** {@code epoll_ctl(epfd, op, fd, event)}: 0, or -1. */
    int epollCtl(int epfd, int op, int fd, long event);

    /** {@code epoll_wait(epfd, events, maxEvents, timeoutMillis)}: the number of events, or -1. */
    int epollWait(int epfd, long events, int maxEvents, int timeoutMillis);

    /**
     * {@code epoll_pwait2(epfd, events, maxEvents, timespec, NULL)}: the number of events, or -1
     * (ENOSYS on kernels before 5.11).
     *
     * @throws UnsatisfiedLinkError if the C library has no {@code epoll_pwait2} (glibc before 2.35)
     */
    int epollPwait2(int epfd, long events, int maxEvents, long timespec);

    /** {@code eventfd(initval, flags)}: a new descriptor, or -1. */
    int eventfd(int initval, int flags);

    /** {@code pipe2(fds, flags)} with {@code fds} the address of two ints: 0, or -1. */
    int pipe2(long fds, int flags);

    /** {@code read(fd, buf, count)}: bytes read, or -1. */
    long read(int fd, long buf, long count);

    /** {@code write(fd, buf, count)}: bytes written, or -1; errno is not kept. */
    long write(int fd, long buf, long count);

    /** {@code close(fd)}: 0, or -1. */
    int close(int fd);

    /** {@code fcntl(fd, F_GETFD)}: the descriptor's flags, or -1 (EBADF if it is not open). */
    int fcntlGetFd(int fd);

    /** The errno of the last call on this thread that saves it. */
    int lastError();
}
