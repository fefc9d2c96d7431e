package dev.polling.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.polling.spi.Interest;
import dev.polling.spi.Platform;

class PollAbiTest {
    private static PollAbi forOs(String osName) {
        return PollAbi.forPlatform(Platform.of(osName, "1.0", "amd64"), osName);
    }

    @Test
    void shouldPickTheTableOfEachOs() {
        assertSame(PollAbi.LINUX, forOs("Linux"));
        assertSame(PollAbi.BSD, forOs("Mac OS X"));
        assertSame(PollAbi.BSD, forOs("FreeBSD"));
        assertSame(PollAbi.BSD, forOs("NetBSD"));
        assertSame(PollAbi.BSD, forOs("OpenBSD"));
        assertSame(PollAbi.BSD, forOs("DragonFly"));
        assertSame(PollAbi.SOLARIS, forOs("SunOS"));
        assertSame(PollAbi.AIX, forOs("AIX"));
        assertSame(PollAbi.QNX, forOs("QNX"));
        assertSame(PollAbi.HAIKU, forOs("Haiku"));
    }

    @Test
    void shouldRefuseAnOsWithoutKnownNumbers() {
        UnsupportedOperationException windows = assertThrows(UnsupportedOperationException.class,
                () -> forOs("Windows 11"));
        assertTrue(windows.getMessage().contains("Windows 11"), windows.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> forOs("HP-UX"));
    }

    @Test
    void shouldUseTheNfdsWidthOfEachOs() {
        assertTrue(PollAbi.LINUX.wideNfds());
        assertTrue(PollAbi.SOLARIS.wideNfds());
        assertFalse(PollAbi.BSD.wideNfds());
        assertFalse(PollAbi.AIX.wideNfds());
    }

    @Test
    void shouldUseTheLinuxHeaderValues() {
        PollAbi linux = PollAbi.LINUX;
        assertEquals(1, linux.pollIn);
        assertEquals(2, linux.pollPri);
        assertEquals(4, linux.pollOut);
        assertEquals(8, linux.pollErr);
        assertEquals(0x10, linux.pollHup);
        assertEquals(0x20, linux.pollNval);
        assertEquals(8, PollAbi.POLLFD_SIZE);
    }

    @Test
    void shouldRequestInAndPriForReadableAndOutForWritable() {
        PollAbi linux = PollAbi.LINUX;
        assertEquals(0x1 | 0x2, linux.eventsFor(Interest.READABLE));
        assertEquals(0x4, linux.eventsFor(Interest.WRITABLE));
        assertEquals(0x1 | 0x2 | 0x4, linux.eventsFor(Interest.BOTH));
        assertEquals(0, linux.eventsFor(Interest.NONE));
    }

    @Test
    void shouldRequestTheRenumberedBitsOnAix() {
        assertEquals(0x1 | 0x4, PollAbi.AIX.eventsFor(Interest.READABLE));
        assertEquals(0x2, PollAbi.AIX.eventsFor(Interest.WRITABLE));
    }

    @Test
    void shouldReportHangUpAndErrorAsBothDirections() {
        PollAbi linux = PollAbi.LINUX;
        assertEquals(Interest.READABLE, linux.readinessOf(0x1));
        assertEquals(Interest.READABLE, linux.readinessOf(0x2));
        assertEquals(Interest.WRITABLE, linux.readinessOf(0x4));
        assertEquals(Interest.BOTH, linux.readinessOf(0x10));
        assertEquals(Interest.BOTH, linux.readinessOf(0x8));
        assertEquals(Interest.NONE, linux.readinessOf(0x20));
    }

    @Test
    void shouldMapResultsWithTheOsOwnNumbers() {
        // On AIX 0x2 is POLLOUT and 0x4000 is POLLERR; the Linux meaning would be wrong.
        assertEquals(Interest.WRITABLE, PollAbi.AIX.readinessOf(0x2));
        assertEquals(Interest.BOTH, PollAbi.AIX.readinessOf(0x4000));
        assertTrue(PollAbi.AIX.isInvalid(0x8000));
        assertFalse(PollAbi.AIX.isInvalid(0x20));
        assertTrue(PollAbi.LINUX.isInvalid(0x20 | 0x10));
    }
}
