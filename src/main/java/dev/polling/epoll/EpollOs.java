package dev.polling.epoll;

import dev.polling.spi.NativeBuffer;
import dev.polling.spi.UnixOs;

/**
 * The Linux calls the EPOLL backend makes, besides the shared {@link UnixOs} ones: its seam to the
 * OS, implemented once per binding ({@code epoll.jnr.JnrEpollOs}, {@code epoll.ffm.FfmEpollOs},
 * found through {@link dev.polling.spi.Binding}) and by a fake kernel in the unit tests.
 *
 * <p>Every call returns what the C function returns on success and {@code -errno} on failure.
 * Buffers are read and written from their start; an event buffer holds at least
 * {@code maxEvents} {@code struct epoll_event}s ({@link EpollEventLayout}). Thread-safe.
 */
public interface EpollOs extends UnixOs {
    /** {@code epoll_create1(flags)}: a new epoll descriptor. */
    int epollCreate1(int flags);

    /** {@code epoll_ctl(epfd, op, fd, event)}: 0; {@code event} is one struct, or {@code null} (NULL) for DEL. */
    int epollCtl(int epfd, int op, int fd, NativeBuffer event);

    /** {@code epoll_wait(epfd, events, maxEvents, timeoutMillis)}: the number of events stored. */
    int epollWait(int epfd, NativeBuffer events, int maxEvents, int timeoutMillis);

    /**
     * {@code epoll_pwait2(epfd, events, maxEvents, timeout, NULL)}, {@code timeout} a
     * {@code struct timespec}: the number of events stored; {@code -ENOSYS} on kernels before 5.11
     * and where the C library has no {@code epoll_pwait2} (glibc before 2.35).
     */
    int epollPwait2(int epfd, NativeBuffer events, int maxEvents, NativeBuffer timeout);

    /** {@code eventfd(initval, flags)}: a new descriptor. */
    int eventfd(int initval, int flags);
}
