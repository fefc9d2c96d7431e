package dev.polling.poll;

import java.util.Locale;

import dev.polling.spi.Interest;
import dev.polling.spi.Platform;

/**
 * The numbers {@code poll(2)} and the self-pipe need on one OS: the {@code POLL*} bits, the width
 * of {@code nfds_t}, the {@code fcntl}/{@code open} flags and the few errno values the backend
 * acts on. None of these are portable (AIX, Haiku and QNX even renumber {@code POLLOUT}), so every
 * value comes from here, never from a literal in the backend.
 *
 * <p>Linux, the BSDs, macOS and illumos/Solaris values are those of their headers; the AIX, QNX
 * and Haiku values come from their headers as published, not from running code.
 */
final class PollAbi {
    /** Linux on x86_64 and aarch64 (glibc and musl): checked against the headers on a running system. */
    static final PollAbi LINUX = new Builder("Linux")
            .poll(0x1, 0x2, 0x4, 0x8, 0x10, 0x20).wideNfds(true)
            .pipe2(0x800 | 0x80000).fcntl(1, 2, 3, 4, 1, 0x800)
            .errno(4, 11, 11).build();
    /** macOS and the BSDs: {@code nfds_t} is {@code unsigned int}, EAGAIN is 35. */
    static final PollAbi BSD = new Builder("BSD")
            .poll(0x1, 0x2, 0x4, 0x8, 0x10, 0x20).wideNfds(false)
            .fcntl(1, 2, 3, 4, 1, 0x4)
            .errno(4, 35, 35).build();
    /** illumos and Solaris: {@code nfds_t} is {@code unsigned long}. */
    static final PollAbi SOLARIS = new Builder("illumos/Solaris")
            .poll(0x1, 0x2, 0x4, 0x8, 0x10, 0x20).wideNfds(true)
            .fcntl(1, 2, 3, 4, 1, 0x80)
            .errno(4, 11, 11).build();
    /** AIX: POLLPRI/POLLOUT swapped and ERR/HUP/NVAL high; EWOULDBLOCK differs from EAGAIN. */
    static final PollAbi AIX = new Builder("AIX")
            .poll(0x1, 0x4, 0x2, 0x4000, 0x2000, 0x8000).wideNfds(false)
            .fcntl(1, 2, 3, 4, 1, 0x4)
            .errno(4, 11, 54).build();
    /** QNX Neutrino. {@code nfds_t} is passed 64 bits wide, which is harmless if it is narrower. */
    static final PollAbi QNX = new Builder("QNX")
            .poll(0x5, 0x8, 0x2, 0x20, 0x40, 0x1000).wideNfds(true)
            .fcntl(1, 2, 3, 4, 1, 0x80)
            .errno(4, 11, 11).build();
    /** Haiku: its own fcntl numbering, and errno values based at {@code INT_MIN}. */
    static final PollAbi HAIKU = new Builder("Haiku")
            .poll(0x1, 0x20, 0x2, 0x4, 0x80, 0x1000).wideNfds(true)
            .fcntl(0x2, 0x4, 0x8, 0x10, 1, 0x80)
            .errno(Integer.MIN_VALUE + 10, Integer.MIN_VALUE + 11, Integer.MIN_VALUE + 11).build();

    /** Errors 1..34 as Version 7 Unix numbered them; index 11 is handled per OS. */
    private static final String[] V7_ERRNO_NAMES = {
        null, "EPERM", "ENOENT", "ESRCH", "EINTR", "EIO", "ENXIO", "E2BIG", "ENOEXEC", "EBADF", "ECHILD",
        "EAGAIN", "ENOMEM", "EACCES", "EFAULT", "ENOTBLK", "EBUSY", "EEXIST", "EXDEV", "ENODEV", "ENOTDIR",
        "EISDIR", "EINVAL", "ENFILE", "EMFILE", "ENOTTY", "ETXTBSY", "EFBIG", "ENOSPC", "ESPIPE", "EROFS",
        "EMLINK", "EPIPE", "EDOM", "ERANGE",
    };

    /** Size of {@code struct pollfd}: {@code int fd; short events; short revents;} on every OS. */
    static final int POLLFD_SIZE = 8;

    final String name;
    final short pollIn;
    final short pollPri;
    final short pollOut;
    final short pollErr;
    final short pollHup;
    final short pollNval;
    /** Whether {@code nfds_t} is {@code unsigned long} (64-bit) rather than {@code unsigned int}. */
    final boolean wideNfds;
    /** {@code O_NONBLOCK|O_CLOEXEC} for {@code pipe2}, or 0 when this backend uses pipe + fcntl here. */
    final int pipe2Flags;
    final int fGetFd;
    final int fSetFd;
    final int fGetFl;
    final int fSetFl;
    final int fdCloexec;
    final int oNonblock;
    final int eintr;
    final int eagain;
    final int ewouldblock;
    /** Whether errors 1..34 follow the Version 7 numbering (all but Haiku). */
    private final boolean v7Errnos;
    /** The bits requested for readable interest, and those reported as readable. */
    private final int readableRequest;
    private final int readableResult;
    private final int writableResult;

    private PollAbi(Builder b) {
        name = b.name;
        pollIn = (short) b.in;
        pollPri = (short) b.pri;
        pollOut = (short) b.out;
        pollErr = (short) b.err;
        pollHup = (short) b.hup;
        pollNval = (short) b.nval;
        wideNfds = b.wide;
        pipe2Flags = b.pipe2Flags;
        fGetFd = b.fGetFd;
        fSetFd = b.fSetFd;
        fGetFl = b.fGetFl;
        fSetFl = b.fSetFl;
        fdCloexec = b.fdCloexec;
        oNonblock = b.oNonblock;
        eintr = b.eintr;
        eagain = b.eagain;
        ewouldblock = b.ewouldblock;
        v7Errnos = b.eintr == 4;
        readableRequest = b.in | b.pri;
        readableResult = b.in | b.pri | b.hup | b.err;
        writableResult = b.out | b.hup | b.err;
    }

    /**
     * The numbers for {@code platform}; {@code osName} (the raw {@code os.name}) tells apart the
     * systems {@link Platform} lumps together as {@link Platform.Os#OTHER_UNIX}.
     *
     * @throws UnsupportedOperationException if this OS has no {@code poll(2)} or its numbers are not known
     */
    static PollAbi forPlatform(Platform platform, String osName) {
        switch (platform.os()) {
            case LINUX:
                return LINUX;
            case MACOS, FREEBSD, NETBSD, OPENBSD, DRAGONFLY:
                return BSD;
            case SOLARIS:
                return SOLARIS;
            case OTHER_UNIX:
                String name = osName.toLowerCase(Locale.ROOT);
                if (name.contains("aix")) {
                    return AIX;
                }
                if (name.contains("qnx")) {
                    return QNX;
                }
                if (name.contains("haiku")) {
                    return HAIKU;
                }
                break;
            case WINDOWS:
                throw new UnsupportedOperationException("the POLL backend needs a Unix poll(2); " + osName
                        + " has only WSAPoll, which polls sockets only: use AFD or SELECTOR");
            default:
                break;
        }
        throw new UnsupportedOperationException("the POLL backend does not know the poll() constants of "
                + (osName.isEmpty() ? platform.os().toString() : osName));
    }

    /** The {@code events} to request for {@link Interest} bits. */
    short eventsFor(int interest) {
        int events = 0;
        if ((interest & Interest.READABLE) != 0) {
            events |= readableRequest;
        }
        if ((interest & Interest.WRITABLE) != 0) {
            events |= pollOut;
        }
        return (short) events;
    }

    /**
     * The {@link Interest} bits that {@code revents} means: hang-up and error count as both
     * readable and writable, so that the next read or write surfaces them.
     */
    int readinessOf(int revents) {
        int readiness = 0;
        if ((revents & readableResult) != 0) {
            readiness |= Interest.READABLE;
        }
        if ((revents & writableResult) != 0) {
            readiness |= Interest.WRITABLE;
        }
        return readiness;
    }

    /** Whether {@code revents} says the descriptor is not open ({@code POLLNVAL}). */
    boolean isInvalid(int revents) {
        return (revents & pollNval) != 0;
    }

    /**
     * The symbolic name of {@code errno} ({@code "EBADF"}), or {@code "errno N"} when this table does
     * not know it. Errors 1 to 34 carry the same numbers on every Unix here since Version 7, except
     * 11, which is EAGAIN on Linux, illumos, AIX and QNX but EDEADLK on the BSDs and macOS.
     */
    String errnoName(int errno) {
        if (errno == eagain) {
            return "EAGAIN";
        }
        if (errno == ewouldblock) {
            return "EWOULDBLOCK";
        }
        if (errno == eintr) {
            return "EINTR";
        }
        if (v7Errnos && errno > 0 && errno < V7_ERRNO_NAMES.length) {
            return errno == 11 ? "EDEADLK" : V7_ERRNO_NAMES[errno];
        }
        return "errno " + errno;
    }

    /** Whether a failed read or write means "nothing to do now" rather than an error. */
    boolean isWouldBlock(int errno) {
        return errno == eagain || errno == ewouldblock;
    }

    @Override
    public String toString() {
        return "PollAbi[" + name + "]";
    }

    /** Keeps the table above readable: one call per group of numbers. */
    private static final class Builder {
        private final String name;
        private int in;
        private int pri;
        private int out;
        private int err;
        private int hup;
        private int nval;
        private boolean wide;
        private int pipe2Flags;
        private int fGetFd;
        private int fSetFd;
        private int fGetFl;
        private int fSetFl;
        private int fdCloexec;
        private int oNonblock;
        private int eintr;
        private int eagain;
        private int ewouldblock;

        Builder(String name) {
            this.name = name;
        }

        Builder poll(int in, int pri, int out, int err, int hup, int nval) {
            this.in = in;
            this.pri = pri;
            this.out = out;
            this.err = err;
            this.hup = hup;
            this.nval = nval;
            return this;
        }

        Builder wideNfds(boolean wide) {
            this.wide = wide;
            return this;
        }

        Builder pipe2(int flags) {
            this.pipe2Flags = flags;
            return this;
        }

        Builder fcntl(int fGetFd, int fSetFd, int fGetFl, int fSetFl, int fdCloexec, int oNonblock) {
            this.fGetFd = fGetFd;
            this.fSetFd = fSetFd;
            this.fGetFl = fGetFl;
            this.fSetFl = fSetFl;
            this.fdCloexec = fdCloexec;
            this.oNonblock = oNonblock;
            return this;
        }

        Builder errno(int eintr, int eagain, int ewouldblock) {
            this.eintr = eintr;
            this.eagain = eagain;
            this.ewouldblock = ewouldblock;
            return this;
        }

        PollAbi build() {
            return new PollAbi(this);
        }
    }
}
