package dev.polling.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import jnr.constants.Constant;

/** The one errno table, checked against jnr-constants (the JNR project's per-OS values) wherever it has the OS. */
class ErrnoTest {
    static Stream<Arguments> osesJnrConstantsDescribes() {
        return Stream.of(
                Arguments.of("Linux", jnr.constants.platform.linux.Errno.values()),
                Arguments.of("Mac OS X", jnr.constants.platform.darwin.Errno.values()),
                Arguments.of("FreeBSD", jnr.constants.platform.freebsd.Errno.values()),
                Arguments.of("OpenBSD", jnr.constants.platform.openbsd.Errno.values()),
                Arguments.of("DragonFly", jnr.constants.platform.dragonflybsd.Errno.values()),
                Arguments.of("SunOS", jnr.constants.platform.solaris.Errno.values()),
                Arguments.of("AIX", jnr.constants.platform.aix.Errno.values()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("osesJnrConstantsDescribes")
    void shouldAgreeWithJnrConstants(String osName, Enum<?>[] reference) {
        Errno.Table table = Errno.Table.of(Platform.of(osName, "1.0", "amd64"), osName);
        Map<String, Integer> ours = table.values();
        assertTrue(ours.size() >= 30, table + " defines " + ours.size() + " errors");
        for (Map.Entry<String, Integer> e : ours.entrySet()) {
            Enum<?> theirs = Stream.of(reference).filter(c -> c.name().equals(e.getKey())).findFirst()
                    .orElseThrow(() -> new AssertionError("jnr-constants has no " + e.getKey() + " for " + osName));
            assertEquals(((Constant) theirs).intValue(), (int) e.getValue(), e.getKey() + " on " + osName);
        }
    }

    @Test
    void shouldNameAndDescribeByTheRunningOsNumbers() {
        Errno.Table linux = Errno.Table.of(Platform.of("Linux", "6.1", "amd64"), "Linux");
        Errno.Table bsd = Errno.Table.of(Platform.of("FreeBSD", "14.0", "amd64"), "FreeBSD");
        assertEquals("EBADF (Bad file descriptor)", linux.describe(9));
        assertEquals("EAGAIN", linux.name(11));
        assertEquals("EDEADLK", bsd.name(11));
        assertEquals("EAGAIN", bsd.name(35), "EWOULDBLOCK shares the number and does not rename it");
        assertEquals("errno 200", linux.describe(200));
        assertEquals(0, bsd.value("ETIME"), "an error this OS does not have is 0");
    }

    @Test
    void shouldKnowTheOsesJnrConstantsDoesNot() {
        Errno.Table netBsd = Errno.Table.of(Platform.of("NetBSD", "10.0", "amd64"), "NetBSD");
        Errno.Table haiku = Errno.Table.of(Platform.of("Haiku", "1", "x86_64"), "Haiku");
        Errno.Table aix = Errno.Table.of(Platform.of("AIX", "7.3", "ppc64"), "AIX");
        assertEquals(35, netBsd.value("EAGAIN"));
        assertEquals(60, netBsd.value("ETIMEDOUT"));
        assertEquals(Integer.MIN_VALUE + 10, haiku.value("EINTR"));
        assertEquals(Integer.MIN_VALUE + 11, haiku.value("EAGAIN"));
        assertEquals("errno 9", haiku.describe(9), "Haiku does not number errors as Version 7 did");
        assertEquals(11, aix.value("EWOULDBLOCK"), "as jnr-constants read it on AIX (its headers also show a 54 outside _ALL_SOURCE)");
    }

    @Test
    void shouldTreatEagainAndEwouldblockAsWouldBlock() {
        assertTrue(Errno.isWouldBlock(Errno.EAGAIN));
        assertTrue(Errno.isWouldBlock(Errno.EWOULDBLOCK));
        assertFalse(Errno.isWouldBlock(Errno.EINTR));
    }

    @Test
    void shouldNameTheCallInTheException() {
        IOException e = Errno.failed("epoll_wait(epfd 3)", Errno.EINVAL);
        assertEquals("epoll_wait(epfd 3): EINVAL (Invalid argument)", e.getMessage());
    }
}
