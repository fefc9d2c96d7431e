package dev.polling.epoll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

import dev.polling.spi.Platform;

class EpollEventLayoutTest {

    @Test
    void shouldPackTheStructOnX86_64() {
        EpollEventLayout layout = EpollEventLayout.of(Platform.of("Linux", "6.1", "amd64"));

        assertEquals(12, layout.size());
        assertEquals(4, layout.dataOffset());
        assertSame(layout, EpollEventLayout.of(Platform.of("Linux", "6.1", "x86_64")));
    }

    @Test
    void shouldAlignTheDataOnAarch64() {
        EpollEventLayout layout = EpollEventLayout.of(Platform.of("Linux", "6.1", "aarch64"));

        assertEquals(16, layout.size());
        assertEquals(8, layout.dataOffset());
    }

    @Test
    void shouldAlignTheDataOnEveryOtherCpu() {
        assertSame(EpollEventLayout.ALIGNED, EpollEventLayout.of(Platform.of("Linux", "6.1", "riscv64")));
        assertSame(EpollEventLayout.ALIGNED, EpollEventLayout.of(Platform.of("Linux", "6.1", "ppc64le")));
    }

    @Test
    void shouldKeepEventsAtOffsetZero() {
        assertEquals(0, EpollEventLayout.EVENTS_OFFSET);
    }
}
