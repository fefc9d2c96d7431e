package dev.polling.kqueue;

import dev.polling.spi.NativeBuffer;

/**
 * {@code struct timespec} on 64-bit Unix: {@code tv_sec} at 0 and {@code tv_nsec} at 8, 16 bytes
 * (NetBSD's {@code __kevent50} takes this 64-bit-{@code time_t} form too).
 */
final class Timespec {
    static final int SIZE = 16;
    static final int TV_SEC = 0;
    static final int TV_NSEC = 8;
    /**
     * The longest single wait: Darwin's kevent fails with EINVAL when {@code tv_sec} is too large,
     * and Go's runtime caps at 1e6 s (netpoll_kqueue.go). Applied on every OS; waking at the cap is
     * an ordinary early return that the Poller turns into another wait.
     */
    static final long MAX_SECONDS = 1_000_000L;

    private Timespec() {
    }

    /** Writes {@code nanos} (not negative) into {@code ts}, capped at {@link #MAX_SECONDS}, and returns {@code ts}. */
    static NativeBuffer set(NativeBuffer ts, long nanos) {
        long seconds = nanos / 1_000_000_000L;
        long rest = nanos % 1_000_000_000L;
        if (seconds >= MAX_SECONDS) {
            seconds = MAX_SECONDS;
            rest = 0;
        }
        ts.putLong(TV_SEC, seconds);
        ts.putLong(TV_NSEC, rest);
        return ts;
    }
}
