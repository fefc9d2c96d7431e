package dev.polling.kqueue;

import dev.polling.spi.Platform;

/**
 * The kqueue ABI of one OS: which {@code struct kevent} layout, which {@code kevent} symbol, the
 * filter numbers that differ between OSes, and the few libc constants the backend needs.
 * Values from the OS headers (design notes, native-apis §3.2, §3.3, §8.2).
 */
final class KqueueAbi {
    /** {@code EVFILT_USER} for an OS that has none. */
    static final int NO_USER_FILTER = Integer.MIN_VALUE;

    // Common to macOS and the four BSDs (sys/event.h).
    static final int EV_ADD = 0x1;
    static final int EV_DELETE = 0x2;
    static final int EV_ENABLE = 0x4;
    static final int EV_DISABLE = 0x8;
    static final int EV_ONESHOT = 0x10;
    static final int EV_CLEAR = 0x20;
    static final int EV_RECEIPT = 0x40;
    static final int EV_DISPATCH = 0x80;
    static final int EV_ERROR = 0x4000;
    static final int EV_EOF = 0x8000;
    static final int NOTE_TRIGGER = 0x01000000;

    // fcntl commands: the same numbers on every Unix here (and on Linux, for the ports).
    static final int F_SETFD = 2;
    static final int F_GETFL = 3;
    static final int F_SETFL = 4;
    static final int FD_CLOEXEC = 1;

    // errno values below 35 are the same on the BSDs, macOS and Linux.
    static final int ENOENT = 2;
    static final int EINTR = 4;
    static final int EBADF = 9;
    static final int EINVAL = 22;
    static final int EPIPE = 32;

    /** Human name of the OS, for messages. */
    final String os;
    final KeventLayout layout;
    /** NetBSD: bind {@code __kevent50}, whose counts are {@code size_t}. */
    final boolean netBsdSymbol;
    final int evfiltRead;
    final int evfiltWrite;
    /** {@link #NO_USER_FILTER} where the OS has none; where it may be missing, registering it is the probe. */
    final int evfiltUser;
    /** {@code O_NONBLOCK} of the running OS (for the wake-up pipe). */
    final int oNonblock;
    /** {@code ETIMEDOUT}, which macOS may return from a timed kevent (Go issue 59679). */
    final int etimedout;

    KqueueAbi(String os, KeventLayout layout, boolean netBsdSymbol, int evfiltRead, int evfiltWrite, int evfiltUser,
              int oNonblock, int etimedout) {
        this.os = os;
        this.layout = layout;
        this.netBsdSymbol = netBsdSymbol;
        this.evfiltRead = evfiltRead;
        this.evfiltWrite = evfiltWrite;
        this.evfiltUser = evfiltUser;
        this.oNonblock = oNonblock;
        this.etimedout = etimedout;
    }

    /**
     * The ABI for {@code platform}. An OS without kqueue of its own (Linux, ...) can only use a
     * library named by {@code -Dpolling.kqueue.library}; such a library is taken to follow
     * FreeBSD's ABI (32-byte kevent, FreeBSD's filter numbers), as the usual Linux ports do.
     */
    static KqueueAbi forPlatform(Platform platform) {
        return switch (platform.os()) {
            case MACOS -> new KqueueAbi("macOS", KeventLayout.BSD_32, false, -1, -2, -10, 0x4, 60);
            case FREEBSD -> new KqueueAbi("FreeBSD " + platform.majorVersion(),
                    platform.majorVersion() >= 12 ? KeventLayout.FREEBSD_64 : KeventLayout.BSD_32,
                    false, -1, -2, -11, 0x4, 60);
            // EVFILT_USER only from NetBSD 10 and OpenBSD 7.8: registering it is the probe (pipe otherwise).
            case NETBSD -> new KqueueAbi("NetBSD", KeventLayout.NETBSD_40, true, 0, 1, 8, 0x4, 60);
            case OPENBSD -> new KqueueAbi("OpenBSD", KeventLayout.BSD_32, false, -1, -2, -10, 0x4, 60);
            case DRAGONFLY -> new KqueueAbi("DragonFly", KeventLayout.BSD_32, false, -1, -2, -9, 0x4, 60);
            default -> freeBsdCompatible(platform);
        };
    }

    /** FreeBSD's 32-byte ABI on an OS without kqueue, with that OS's own {@code O_NONBLOCK} and errno. */
    static KqueueAbi freeBsdCompatible(Platform platform) {
        Platform.Os os = platform.os();
        int oNonblock = os == Platform.Os.LINUX ? 0x800 : os == Platform.Os.SOLARIS ? 0x80 : 0x4;
        int etimedout = os == Platform.Os.LINUX ? 110 : os == Platform.Os.SOLARIS ? 145 : 60;
        return new KqueueAbi(os.displayName() + " (FreeBSD kqueue ABI)", KeventLayout.BSD_32, false, -1, -2, -11,
                oNonblock, etimedout);
    }

    /** Whether this OS has an {@code EVFILT_USER} number to try. */
    boolean hasUserFilter() {
        return evfiltUser != NO_USER_FILTER;
    }

    @Override
    public String toString() {
        return os + ": " + layout + (netBsdSymbol ? " via __kevent50" : "")
                + ", EVFILT_READ=" + evfiltRead + ", EVFILT_WRITE=" + evfiltWrite
                + ", EVFILT_USER=" + (hasUserFilter() ? String.valueOf(evfiltUser) : "none");
    }
}
