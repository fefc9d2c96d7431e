package dev.polling.spi;

import java.util.Locale;

/**
 * The {@code fcntl} commands and file flags the Unix backends use, for one OS: to make the wake-up
 * pipe non-blocking and close-on-exec, and to ask whether a descriptor is open.
 *
 * <p>The commands and {@code FD_CLOEXEC} are the same on every Unix here but Haiku;
 * {@code O_NONBLOCK} differs. {@link #pipe2Flags} is non-zero only where the backends create the
 * pipe with {@code pipe2} (Linux); elsewhere they call {@code pipe} then {@code fcntl}. Checked by
 * a unit test against {@code jnr-constants} for every OS that library describes, as {@link Errno} is.
 *
 * @param os         the OS, for messages
 * @param fGetFd     {@code F_GETFD}
 * @param fSetFd     {@code F_SETFD}
 * @param fGetFl     {@code F_GETFL}
 * @param fSetFl     {@code F_SETFL}
 * @param fdCloexec  {@code FD_CLOEXEC}
 * @param oNonblock  {@code O_NONBLOCK}
 * @param pipe2Flags {@code O_NONBLOCK | O_CLOEXEC} for {@code pipe2}, or 0 to use {@code pipe} and {@code fcntl}
 */
public record FileFlags(String os, int fGetFd, int fSetFd, int fGetFl, int fSetFl, int fdCloexec, int oNonblock,
                        int pipe2Flags) {
    private static final FileFlags CURRENT = of(Platform.current(), System.getProperty("os.name", ""));

    /** This OS's flags. */
    public static FileFlags current() {
        return CURRENT;
    }

    /** The flags of {@code platform}; {@code osName} (the raw {@code os.name}) tells apart the other Unixes. */
    public static FileFlags of(Platform platform, String osName) {
        String name = osName.toLowerCase(Locale.ROOT);
        return switch (platform.os()) {
            case LINUX -> new FileFlags("Linux", 1, 2, 3, 4, 1, 0x800, 0x800 | 0x8_0000);
            case SOLARIS -> common("illumos/Solaris", 0x80);
            case OTHER_UNIX, UNKNOWN -> name.contains("haiku") ? new FileFlags("Haiku", 0x2, 0x4, 0x8, 0x10, 1, 0x80, 0)
                    : name.contains("qnx") ? common("QNX", 0x80)
                    : common(name.contains("aix") ? "AIX" : platform.os().displayName(), 0x4);
            default -> common(platform.os().displayName(), 0x4); // macOS, the BSDs (and Windows, which never asks)
        };
    }

    private static FileFlags common(String os, int oNonblock) {
        return new FileFlags(os, 1, 2, 3, 4, 1, oNonblock, 0);
    }
}
