package dev.polling.kqueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.polling.spi.Platform;

/** The per-OS kqueue numbers (docs/NATIVE.md), chosen from os.name/os.version. */
class KqueueAbiTest {
    private static KqueueAbi abi(String osName, String version) {
        return KqueueAbi.forPlatform(Platform.of(osName, version, "amd64"));
    }

    @Test
    void shouldUseDarwinValuesOnMacOs() {
        KqueueAbi a = abi("Mac OS X", "14.2");
        assertSame(KeventLayout.BSD_32, a.layout);
        assertEquals(-1, a.evfiltRead);
        assertEquals(-2, a.evfiltWrite);
        assertEquals(-10, a.evfiltUser);
        assertFalse(a.netBsdSymbol);
    }

    @Test
    void shouldPickTheFreeBsdLayoutByMajorVersion() {
        assertSame(KeventLayout.BSD_32, abi("FreeBSD", "11.4-RELEASE").layout);
        assertSame(KeventLayout.FREEBSD_64, abi("FreeBSD", "12.0-RELEASE").layout);
        assertSame(KeventLayout.FREEBSD_64, abi("FreeBSD", "14.1-RELEASE-p3").layout);
        assertEquals(-11, abi("FreeBSD", "14.1").evfiltUser);
    }

    @Test
    void shouldBindKevent50WithUnsignedFiltersOnNetBsd() {
        KqueueAbi a = abi("NetBSD", "10.0");
        assertTrue(a.netBsdSymbol);
        assertSame(KeventLayout.NETBSD_40, a.layout);
        assertEquals(0, a.evfiltRead);
        assertEquals(1, a.evfiltWrite);
        assertEquals(8, a.evfiltUser);
    }

    @Test
    void shouldUseTheOpenBsdAndDragonFlyUserFilterNumbers() {
        assertEquals(-10, abi("OpenBSD", "7.8").evfiltUser);
        assertSame(KeventLayout.BSD_32, abi("OpenBSD", "7.8").layout);
        assertEquals(-9, abi("DragonFly", "6.4").evfiltUser);
        assertSame(KeventLayout.BSD_32, abi("DragonFly", "6.4").layout);
    }

    @Test
    void shouldTakeFreeBsdAbiOnAnOsWithoutKqueue() {
        KqueueAbi a = abi("Linux", "6.1.0");
        assertSame(KeventLayout.BSD_32, a.layout);
        assertEquals(-1, a.evfiltRead);
        assertEquals(-2, a.evfiltWrite);
        assertEquals(-11, a.evfiltUser);
        assertFalse(a.netBsdSymbol);
    }

    @Test
    void shouldShareTheFlagValuesOfEveryKqueueOs() {
        assertEquals(0x1, KqueueAbi.EV_ADD);
        assertEquals(0x2, KqueueAbi.EV_DELETE);
        assertEquals(0x10, KqueueAbi.EV_ONESHOT);
        assertEquals(0x20, KqueueAbi.EV_CLEAR);
        assertEquals(0x40, KqueueAbi.EV_RECEIPT);
        assertEquals(0x4000, KqueueAbi.EV_ERROR);
        assertEquals(0x8000, KqueueAbi.EV_EOF);
        assertEquals(0x01000000, KqueueAbi.NOTE_TRIGGER);
    }
}
