package dev.polling.spi;

import java.util.Locale;

/**
 * The OS and CPU this JVM runs on, read from {@code os.name}, {@code os.version} and
 * {@code os.arch} (JNR-FFI's own detection has no NetBSD).
 */
public record Platform(Os os, int majorVersion, String arch) {

    /** The operating systems the backends tell apart. */
    public enum Os {
        LINUX, MACOS, FREEBSD, NETBSD, OPENBSD, DRAGONFLY, SOLARIS, WINDOWS, OTHER_UNIX, UNKNOWN;

        /** Whether this OS has kqueue. */
        public boolean hasKqueue() {
            return this == MACOS || this == FREEBSD || this == NETBSD || this == OPENBSD || this == DRAGONFLY;
        }

        /** The OS's name as people write it, for messages ("macOS", "illumos/Solaris", "this OS"). */
        public String displayName() {
            return switch (this) {
                case LINUX -> "Linux";
                case MACOS -> "macOS";
                case FREEBSD -> "FreeBSD";
                case NETBSD -> "NetBSD";
                case OPENBSD -> "OpenBSD";
                case DRAGONFLY -> "DragonFly";
                case SOLARIS -> "illumos/Solaris";
                case WINDOWS -> "Windows";
                case OTHER_UNIX -> "this Unix";
                case UNKNOWN -> "this OS";
            };
        }

        /** Whether this OS is some Unix with POSIX {@code poll()}. */
        public boolean isUnix() {
            return this != WINDOWS && this != UNKNOWN;
        }
    }

    private static final Platform CURRENT = of(System.getProperty("os.name", ""),
            System.getProperty("os.version", ""), System.getProperty("os.arch", ""));

    /** The platform of this JVM. */
    public static Platform current() {
        return CURRENT;
    }

    /** Parses the three system properties; unknown names give {@link Os#UNKNOWN} or {@link Os#OTHER_UNIX}. */
    public static Platform of(String osName, String osVersion, String osArch) {
        String name = osName.toLowerCase(Locale.ROOT);
        Os os;
        if (name.startsWith("linux")) {
            os = Os.LINUX;
        } else if (name.startsWith("mac") || name.startsWith("darwin")) {
            os = Os.MACOS;
        } else if (name.startsWith("freebsd") || name.startsWith("midnightbsd")) {
            os = Os.FREEBSD;
        } else if (name.startsWith("netbsd")) {
            os = Os.NETBSD;
        } else if (name.startsWith("openbsd")) {
            os = Os.OPENBSD;
        } else if (name.startsWith("dragonfly")) {
            os = Os.DRAGONFLY;
        } else if (name.startsWith("sunos") || name.startsWith("solaris") || name.startsWith("illumos")) {
            os = Os.SOLARIS;
        } else if (name.startsWith("windows")) {
            os = Os.WINDOWS;
        } else if (name.contains("aix") || name.contains("hp-ux") || name.contains("haiku") || name.contains("nix")
                || name.contains("nux") || name.contains("bsd") || name.contains("qnx") || name.contains("hurd")) {
            os = Os.OTHER_UNIX;
        } else {
            os = Os.UNKNOWN;
        }
        return new Platform(os, parseMajor(osVersion), osArch.toLowerCase(Locale.ROOT));
    }

    /** Whether the CPU is x86_64 (where Linux packs {@code struct epoll_event}). */
    public boolean isX86_64() {
        return arch.equals("amd64") || arch.equals("x86_64");
    }

    private static int parseMajor(String version) {
        int end = 0;
        while (end < version.length() && Character.isDigit(version.charAt(end))) {
            end++;
        }
        return end == 0 ? 0 : Integer.parseInt(version.substring(0, Math.min(end, 9)));
    }
}
