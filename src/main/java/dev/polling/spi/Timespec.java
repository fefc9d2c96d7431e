package dev.polling.spi;

/**
 * {@code struct timespec} on every 64-bit Unix: {@code tv_sec} at 0 and {@code tv_nsec} at 8,
 * 16 bytes ({@code time_t} and {@code long} are both 64-bit there; NetBSD's {@code __kevent50} and
 * illumos's {@code timespec_t} take the same form).
 */
public final class Timespec {
    /** The size of the struct in bytes. */
    public static final int SIZE = 16;
    /** The offset of {@code tv_sec}. */
    public static final int TV_SEC = 0;
    /** The offset of {@code tv_nsec}. */
    public static final int TV_NSEC = 8;
    /**
     * The longest single wait kqueue and event ports are given: Darwin's kevent fails with EINVAL
     * when {@code tv_sec} is too large, and Go's runtime caps both at 1e6 s (netpoll_kqueue.go,
     * netpoll_solaris.go). Waking at the cap is an ordinary early return that the Poller turns into
     * another wait.
     */
    public static final long MAX_WAIT_SECONDS = 1_000_000L;

    private Timespec() {
    }

    /** Writes {@code nanos} (not negative) into {@code ts} and returns {@code ts}. */
    public static NativeBuffer set(NativeBuffer ts, long nanos) {
        ts.putLong(TV_SEC, nanos / 1_000_000_000L);
        ts.putLong(TV_NSEC, nanos % 1_000_000_000L);
        return ts;
    }

    /** Writes {@code nanos} (not negative) capped at {@link #MAX_WAIT_SECONDS}, and returns {@code ts}. */
    public static NativeBuffer setCapped(NativeBuffer ts, long nanos) {
        return nanos / 1_000_000_000L >= MAX_WAIT_SECONDS ? set(ts, MAX_WAIT_SECONDS * 1_000_000_000L) : set(ts, nanos);
    }
}
