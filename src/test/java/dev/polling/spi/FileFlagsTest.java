package dev.polling.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The file flags of each OS, checked against jnr-constants wherever it has the OS. */
class FileFlagsTest {
    @Test
    void shouldAgreeWithJnrConstantsOnLinux() {
        FileFlags linux = FileFlags.of(Platform.of("Linux", "6.1", "amd64"), "Linux");
        assertEquals(jnr.constants.platform.linux.Fcntl.F_GETFD.intValue(), linux.fGetFd());
        assertEquals(jnr.constants.platform.linux.Fcntl.F_SETFD.intValue(), linux.fSetFd());
        assertEquals(jnr.constants.platform.linux.Fcntl.F_GETFL.intValue(), linux.fGetFl());
        assertEquals(jnr.constants.platform.linux.Fcntl.F_SETFL.intValue(), linux.fSetFl());
        assertEquals(jnr.constants.platform.linux.OpenFlags.O_NONBLOCK.intValue(), linux.oNonblock());
        assertEquals(jnr.constants.platform.linux.OpenFlags.O_NONBLOCK.intValue()
                | jnr.constants.platform.linux.OpenFlags.O_CLOEXEC.intValue(), linux.pipe2Flags());
    }

    @Test
    void shouldAgreeWithJnrConstantsOnO_NONBLOCKElsewhere() {
        assertEquals(jnr.constants.platform.darwin.OpenFlags.O_NONBLOCK.intValue(), of("Mac OS X").oNonblock());
        assertEquals(jnr.constants.platform.freebsd.OpenFlags.O_NONBLOCK.intValue(), of("FreeBSD").oNonblock());
        assertEquals(jnr.constants.platform.openbsd.OpenFlags.O_NONBLOCK.intValue(), of("OpenBSD").oNonblock());
        assertEquals(jnr.constants.platform.dragonflybsd.OpenFlags.O_NONBLOCK.intValue(), of("DragonFly").oNonblock());
        assertEquals(jnr.constants.platform.solaris.OpenFlags.O_NONBLOCK.intValue(), of("SunOS").oNonblock());
        assertEquals(jnr.constants.platform.aix.OpenFlags.O_NONBLOCK.intValue(), of("AIX").oNonblock());
        assertEquals(jnr.constants.platform.solaris.Fcntl.F_SETFL.intValue(), of("SunOS").fSetFl());
        assertEquals(jnr.constants.platform.darwin.Fcntl.F_SETFD.intValue(), of("Mac OS X").fSetFd());
    }

    @Test
    void shouldUsePipe2OnlyOnLinuxAndHaikusOwnNumbers() {
        assertEquals(0, of("FreeBSD").pipe2Flags());
        FileFlags haiku = of("Haiku");
        assertEquals(0x10, haiku.fSetFl());
        assertEquals(0x80, haiku.oNonblock());
    }

    private static FileFlags of(String osName) {
        return FileFlags.of(Platform.of(osName, "1.0", "amd64"), osName);
    }
}
