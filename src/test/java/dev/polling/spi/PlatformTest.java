package dev.polling.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import dev.polling.spi.Platform.Os;

class PlatformTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "Linux, LINUX",
            "Mac OS X, MACOS",
            "Darwin, MACOS",
            "FreeBSD, FREEBSD",
            "MidnightBSD, FREEBSD",
            "NetBSD, NETBSD",
            "OpenBSD, OPENBSD",
            "DragonFly, DRAGONFLY",
            "SunOS, SOLARIS",
            "Solaris, SOLARIS",
            "illumos, SOLARIS",
            "Windows 11, WINDOWS",
            "Windows Server 2022, WINDOWS",
            "AIX, OTHER_UNIX",
            "HP-UX, OTHER_UNIX",
            "Haiku, OTHER_UNIX",
            "GNU/Hurd, OTHER_UNIX",
            "QNX, OTHER_UNIX",
            "z/OS, UNKNOWN",
            "'', UNKNOWN",
    })
    void shouldRecogniseOsName(String osName, Os expected) {
        assertEquals(expected, Platform.of(osName, "1.0", "amd64").os());
    }

    @Test
    void shouldRecogniseNetBsdWhichJnrCannot() {
        Platform netbsd = Platform.of("NetBSD", "10.0", "amd64");
        assertEquals(Os.NETBSD, netbsd.os());
        assertEquals(10, netbsd.majorVersion());
        assertTrue(netbsd.os().hasKqueue());
        assertTrue(netbsd.os().isUnix());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"6.18.44-fc-v669, 6", "10.0, 10", "5, 5", "'', 0", "unknown, 0", "v2, 0", "12345678901234, 123456789"})
    void shouldParseMajorVersion(String version, int expected) {
        assertEquals(expected, Platform.of("Linux", version, "amd64").majorVersion());
    }

    @Test
    void shouldLowerCaseArchAndRecogniseX86_64() {
        assertEquals("amd64", Platform.of("Linux", "6", "AMD64").arch());
        assertTrue(Platform.of("Linux", "6", "amd64").isX86_64());
        assertTrue(Platform.of("Mac OS X", "14", "x86_64").isX86_64());
        assertFalse(Platform.of("Linux", "6", "aarch64").isX86_64());
        assertFalse(Platform.of("Linux", "6", "x86").isX86_64());
    }

    @Test
    void shouldKnowWhichOsesHaveKqueueAndArePosix() {
        EnumSet<Os> kqueue = EnumSet.of(Os.MACOS, Os.FREEBSD, Os.NETBSD, Os.OPENBSD, Os.DRAGONFLY);
        for (Os os : Os.values()) {
            assertEquals(kqueue.contains(os), os.hasKqueue(), os.name());
            assertEquals(os != Os.WINDOWS && os != Os.UNKNOWN, os.isUnix(), os.name());
        }
    }

    @Test
    void shouldDescribeThisJvm() {
        Platform expected = Platform.of(System.getProperty("os.name"), System.getProperty("os.version"),
                System.getProperty("os.arch"));
        assertEquals(expected, Platform.current());
    }

    @Test
    void shouldNameEachOsAsPeopleWriteIt() {
        assertEquals("macOS", Platform.Os.MACOS.displayName());
        assertEquals("DragonFly", Platform.Os.DRAGONFLY.displayName());
        assertEquals("illumos/Solaris", Platform.Os.SOLARIS.displayName());
        for (Platform.Os os : Platform.Os.values()) {
            assertFalse(os.displayName().isBlank(), os.name());
        }
    }
}
