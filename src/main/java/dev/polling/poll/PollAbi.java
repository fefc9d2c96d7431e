package dev.polling.poll;

import java.util.Locale;

import dev.polling.spi.Interest;
import dev.polling.spi.Platform;

/**
 * The numbers {@code poll(2)} needs on one OS: the {@code POLL*} bits and the width of
 * {@code nfds_t}. Neither is portable (AIX, Haiku and QNX even renumber {@code POLLOUT}), so every
 * value comes from here, never from a literal in the backend; errno values and file flags are the
 * shared ones of {@link dev.polling.spi.Errno} and {@link dev.polling.spi.FileFlags}.
 *
 * <p>Linux, the BSDs, macOS and illumos/Solaris values are those of their headers; the AIX, QNX
 * and Haiku values come from their headers as published, not from running code.
 */
public final class PollAbi {
    /** Linux on x86_64 and aarch64 (glibc and musl): checked against the headers on a running system. */
    static final PollAbi LINUX = new Builder("Linux")
            .poll(0x1, 0x2, 0x4, 0x8, 0x10, 0x20).wideNfds(true).build();
    /** macOS and the BSDs: {@code nfds_t} is {@code unsigned int}. */
    static final PollAbi BSD = new Builder("BSD")
            .poll(0x1, 0x2, 0x4, 0x8, 0x10, 0x20).wideNfds(false).build();
    /** illumos and Solaris: {@code nfds_t} is {@code unsigned long}. */
    static final PollAbi SOLARIS = new Builder("illumos/Solaris")
            .poll(0x1, 0x2, 0x4, 0x8, 0x10, 0x20).wideNfds(true).build();
    /** AIX: POLLPRI/POLLOUT swapped and ERR/HUP/NVAL high. */
    static final PollAbi AIX = new Builder("AIX")
            .poll(0x1, 0x4, 0x2, 0x4000, 0x2000, 0x8000).wideNfds(false).build();
    /** QNX Neutrino. {@code nfds_t} is passed 64 bits wide, which is harmless if it is narrower. */
    static final PollAbi QNX = new Builder("QNX")
            .poll(0x5, 0x8, 0x2, 0x20, 0x40, 0x1000).wideNfds(true).build();
    /** Haiku: POLLPRI and POLLHUP where no other system has them. */
    static final PollAbi HAIKU = new Builder("Haiku")
            .poll(0x1, 0x20, 0x2, 0x4, 0x80, 0x1000).wideNfds(true).build();

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
    private final boolean wideNfds;
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

    /** Whether {@code nfds_t} is {@code unsigned long} (64-bit) rather than {@code unsigned int}: how a binding passes {@code nfds}. */
    public boolean wideNfds() {
        return wideNfds;
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

        PollAbi build() {
            return new PollAbi(this);
        }
    }
}
