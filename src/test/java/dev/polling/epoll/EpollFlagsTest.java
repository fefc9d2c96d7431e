package dev.polling.epoll;

import static dev.polling.epoll.EpollFlags.EPOLLERR;
import static dev.polling.epoll.EpollFlags.EPOLLET;
import static dev.polling.epoll.EpollFlags.EPOLLHUP;
import static dev.polling.epoll.EpollFlags.EPOLLIN;
import static dev.polling.epoll.EpollFlags.EPOLLONESHOT;
import static dev.polling.epoll.EpollFlags.EPOLLOUT;
import static dev.polling.epoll.EpollFlags.EPOLLPRI;
import static dev.polling.epoll.EpollFlags.EPOLLRDHUP;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.polling.PollMode;
import dev.polling.spi.Interest;

class EpollFlagsTest {

    @Test
    void shouldUseTheLinuxValues() {
        assertEquals(0x1, EPOLLIN);
        assertEquals(0x4, EPOLLOUT);
        assertEquals(0x8, EPOLLERR);
        assertEquals(0x10, EPOLLHUP);
        assertEquals(0x40000000, EPOLLONESHOT);
        assertEquals(0x80000000, EPOLLET);
        assertEquals(1, EpollFlags.EPOLL_CTL_ADD);
        assertEquals(2, EpollFlags.EPOLL_CTL_DEL);
        assertEquals(3, EpollFlags.EPOLL_CTL_MOD);
        assertEquals(0x80000, EpollFlags.EPOLL_CLOEXEC);
        assertEquals(0x800, EpollFlags.EFD_NONBLOCK);
    }

    @Test
    void shouldEncodeOneshotAsEpolloneshot() {
        assertEquals(EPOLLIN | EPOLLONESHOT, EpollFlags.encode(Interest.READABLE, PollMode.ONESHOT));
        assertEquals(EPOLLOUT | EPOLLONESHOT, EpollFlags.encode(Interest.WRITABLE, PollMode.ONESHOT));
        assertEquals(EPOLLIN | EPOLLOUT | EPOLLONESHOT, EpollFlags.encode(Interest.BOTH, PollMode.ONESHOT));
    }

    @Test
    void shouldEncodeLevelWithoutModeFlags() {
        assertEquals(EPOLLIN, EpollFlags.encode(Interest.READABLE, PollMode.LEVEL));
        assertEquals(EPOLLOUT, EpollFlags.encode(Interest.WRITABLE, PollMode.LEVEL));
        assertEquals(EPOLLIN | EPOLLOUT, EpollFlags.encode(Interest.BOTH, PollMode.LEVEL));
    }

    @Test
    void shouldEncodeEdgeAsEpollet() {
        assertEquals(EPOLLIN | EPOLLET, EpollFlags.encode(Interest.READABLE, PollMode.EDGE));
        assertEquals(EPOLLOUT | EPOLLET, EpollFlags.encode(Interest.WRITABLE, PollMode.EDGE));
        assertEquals(EPOLLIN | EPOLLOUT | EPOLLET, EpollFlags.encode(Interest.BOTH, PollMode.EDGE));
    }

    @Test
    void shouldEncodeEdgeOneshotAsBoth() {
        assertEquals(EPOLLIN | EPOLLET | EPOLLONESHOT, EpollFlags.encode(Interest.READABLE, PollMode.EDGE_ONESHOT));
        assertEquals(EPOLLIN | EPOLLOUT | EPOLLET | EPOLLONESHOT, EpollFlags.encode(Interest.BOTH, PollMode.EDGE_ONESHOT));
    }

    @ParameterizedTest
    @EnumSource(PollMode.class)
    void shouldEncodeNoInterestAsASilentOneshotInEveryMode(PollMode mode) {
        // No EPOLLIN/EPOLLOUT; the kernel's implicit HUP/ERR can then fire at most once.
        assertEquals(EPOLLONESHOT, EpollFlags.encode(Interest.NONE, mode));
    }

    @Test
    void shouldReadDataEndOfStreamAndPriorityAsReadable() {
        assertEquals(Interest.READABLE, EpollFlags.readiness(EPOLLIN));
        assertEquals(Interest.READABLE, EpollFlags.readiness(EPOLLRDHUP));
        assertEquals(Interest.READABLE, EpollFlags.readiness(EPOLLPRI));
        assertEquals(Interest.READABLE, EpollFlags.readiness(EPOLLIN | EPOLLRDHUP | 0x40 /* RDNORM */));
    }

    @Test
    void shouldReadRoomAsWritable() {
        assertEquals(Interest.WRITABLE, EpollFlags.readiness(EPOLLOUT));
    }

    @Test
    void shouldReadHangUpAndErrorAsBoth() {
        assertEquals(Interest.BOTH, EpollFlags.readiness(EPOLLHUP));
        assertEquals(Interest.BOTH, EpollFlags.readiness(EPOLLERR));
        assertEquals(Interest.BOTH, EpollFlags.readiness(EPOLLIN | EPOLLOUT));
    }

    @Test
    void shouldReadNothingFromBitsThatMeanNeither() {
        assertEquals(Interest.NONE, EpollFlags.readiness(0));
        assertEquals(Interest.NONE, EpollFlags.readiness(0x400 /* EPOLLMSG */));
    }
}
