package dev.polling.epoll.jnr;

/**
 * The JNR-FFI binding to {@code epoll_pwait2} (Linux 5.11, glibc 2.35), kept apart from
 * {@link LibEpoll} because older C libraries lack the symbol: calling it there throws
 * {@link UnsatisfiedLinkError}, and an older kernel fails it with ENOSYS.
 *
 * <p>Public only because JNR-FFI implements it from another class loader.
 */
public interface LibEpollPwait2 {
    /**
     * {@code int epoll_pwait2(int epfd, struct epoll_event *events, int maxevents,
     * const struct timespec *timeout, const sigset_t *sigmask)}: a nanosecond timeout
     * (0 = none, wait forever) and a signal mask (0 = leave it alone).
     */
    int epoll_pwait2(int epfd, long events, int maxevents, long timeout, long sigmask);
}
