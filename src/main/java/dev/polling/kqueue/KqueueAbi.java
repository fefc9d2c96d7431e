package dev.polling.kqueue;

import dev.polling.spi.Platform;

/**
 * The kqueue ABI of one OS: which {@code struct kevent} layout, which {@code kevent} symbol, and
 * the filter numbers that differ between OSes; the flag bits, which do not, are constants here.
 * Values from each OS's {@code <sys/event.h>}; docs/NATIVE.md sets them side by side. errno values
 * and file flags are the shared ones of {@link dev.polling.spi.Errno} and
 * {@link dev.polling.spi.FileFlags}.
 */
public final class KqueueAbi {
    /** {@code EVFILT_USER} for an OS that has none. */
    static final int NO_USER_FILTER = Integer.MIN_VALUE;

    // Common to macOS and the four BSDs (sys/event.h).
    static final int EV_ADD = 0x1;
    static final int EV_DELETE = 0x2;
    static final int EV_ONESHOT = 0x10;
    static final int EV_CLEAR = 0x20;
    static final int EV_RECEIPT = 0x40;
    static final int EV_ERROR = 0x4000;
    static final int EV_EOF = 0x8000;
    static final int NOTE_TRIGGER = 0x01000000;

    /** Human name of the OS, for messages. */
    final String os;
    final KeventLayout layout;
    /** NetBSD: bind {@code __kevent50}, whose counts are {@code size_t}. */
    final boolean netBsdSymbol;
    final int evfiltRead;
    final int evfiltWrite;
    /** {@link #NO_USER_FILTER} where the OS has none; where it may be missing, registering it is the probe. */
    final int evfiltUser;

    KqueueAbi(String os, KeventLayout layout, boolean netBsdSymbol, int evfiltRead, int evfiltWrite, int evfiltUser) {
        this.os = os;
        this.layout = layout;
        this.netBsdSymbol = netBsdSymbol;
        this.evfiltRead = evfiltRead;
        this.evfiltWrite = evfiltWrite;
        this.evfiltUser = evfiltUser;
    }

    /**
     * The ABI for {@code platform}. An OS without kqueue of its own (Linux, ...) can only use a
     * library named by {@code -Dpolling.kqueue.library}; such a library is taken to follow
     * FreeBSD's ABI (32-byte kevent, FreeBSD's filter numbers), as the usual Linux ports do.
     */
    static KqueueAbi forPlatform(Platform platform) {
        return switch (platform.os()) {
            case MACOS -> new KqueueAbi("macOS", KeventLayout.BSD_32, false, -1, -2, -10);
            case FREEBSD -> new KqueueAbi("FreeBSD " + platform.majorVersion(),
                    platform.majorVersion() >= 12 ? KeventLayout.FREEBSD_64 : KeventLayout.BSD_32,
                    false, -1, -2, -11);
            // EVFILT_USER only from NetBSD 10 and OpenBSD 7.8: registering it is the probe (pipe otherwise).
            case NETBSD -> new KqueueAbi("NetBSD", KeventLayout.NETBSD_40, true, 0, 1, 8);
            case OPENBSD -> new KqueueAbi("OpenBSD", KeventLayout.BSD_32, false, -1, -2, -10);
            case DRAGONFLY -> new KqueueAbi("DragonFly", KeventLayout.BSD_32, false, -1, -2, -9);
            default -> freeBsdCompatible(platform);
        };
    }

    /** FreeBSD's 32-byte ABI on an OS without kqueue (whose own errno values and file flags apply). */
    static KqueueAbi freeBsdCompatible(Platform platform) {
        return new KqueueAbi(platform.os().displayName() + " (FreeBSD kqueue ABI)", KeventLayout.BSD_32, false, -1, -2, -11);
    }

    /** The {@code struct kevent} layout. */
    public KeventLayout layout() {
        return layout;
    }

    /** Whether {@code kevent} is bound as NetBSD's {@code __kevent50}, whose counts are {@code size_t}. */
    public boolean netBsdSymbol() {
        return netBsdSymbol;
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
