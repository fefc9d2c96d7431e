package dev.polling.epoll;

import dev.polling.PollMode;
import dev.polling.spi.Interest;

/**
 * The Linux constants the backend uses ({@code <sys/epoll.h>}, {@code <sys/eventfd.h>};
 * identical on x86_64 and aarch64), and the mapping between
 * {@link Interest}/{@link PollMode} and epoll event bits.
 */
final class EpollFlags {
    static final int EPOLLIN = 0x1;
    static final int EPOLLPRI = 0x2;
    static final int EPOLLOUT = 0x4;
    static final int EPOLLERR = 0x8;
    static final int EPOLLHUP = 0x10;
    static final int EPOLLRDHUP = 0x2000;
    static final int EPOLLONESHOT = 0x4000_0000;
    static final int EPOLLET = 0x8000_0000;

    static final int EPOLL_CTL_ADD = 1;
    static final int EPOLL_CTL_DEL = 2;
    static final int EPOLL_CTL_MOD = 3;

    static final int EPOLL_CLOEXEC = 0x8_0000;
    static final int EFD_CLOEXEC = 0x8_0000;
    static final int EFD_NONBLOCK = 0x800;

    /** What the kernel may report that means "a read would not block" (data, EOF, hang-up, error). */
    private static final int READ_READY = EPOLLIN | EPOLLPRI | EPOLLRDHUP | EPOLLHUP | EPOLLERR;
    /** What the kernel may report that means "a write would not block" (room, hang-up, error). */
    private static final int WRITE_READY = EPOLLOUT | EPOLLHUP | EPOLLERR;

    private EpollFlags() {
    }

    /**
     * The {@code events} word of an {@code epoll_event} for {@code interest} in {@code mode}.
     *
     * <p>EPOLLHUP and EPOLLERR need not be asked for: the kernel always reports them. So an
     * interest of none is registered EPOLLONESHOT without EPOLLIN/EPOLLOUT, whatever the mode: a
     * hang-up then costs at most one event (which the backend drops) instead of one per poll.
     */
    static int encode(int interest, PollMode mode) {
        int events = 0;
        if ((interest & Interest.READABLE) != 0) {
            events |= EPOLLIN;
        }
        if ((interest & Interest.WRITABLE) != 0) {
            events |= EPOLLOUT;
        }
        if (events == 0) {
            return EPOLLONESHOT;
        }
        return switch (mode) {
            case ONESHOT -> events | EPOLLONESHOT;
            case LEVEL -> events;
            case EDGE -> events | EPOLLET;
            case EDGE_ONESHOT -> events | EPOLLET | EPOLLONESHOT;
        };
    }

    /**
     * The {@link Interest} bits that an {@code events} word reports, before masking by the
     * source's interest: hang-up and error count as both, so that the next read or write
     * surfaces them.
     */
    static int readiness(int events) {
        int ready = (events & READ_READY) != 0 ? Interest.READABLE : Interest.NONE;
        return (events & WRITE_READY) != 0 ? ready | Interest.WRITABLE : ready;
    }
}
