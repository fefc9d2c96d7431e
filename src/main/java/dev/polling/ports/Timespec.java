package dev.polling.ports;

import dev.polling.spi.NativeBuffer;

/** {@code timespec_t} on 64-bit illumos/Solaris: {@code tv_sec} at 0, {@code tv_nsec} at 8; 16 bytes. */
final class Timespec {
    static final int SIZE = 16;
    /** The longest single wait (Go's runtime caps event-port waits at 1e6 s too); the Poller waits again after it. */
    static final long MAX_SECONDS = 1_000_000L;

    private Timespec() {
    }

    /** Writes {@code nanos} (not negative), capped at {@link #MAX_SECONDS}, and returns {@code ts}. */
    static NativeBuffer set(NativeBuffer ts, long nanos) {
        long seconds = nanos / 1_000_000_000L;
        long rest = nanos % 1_000_000_000L;
        if (seconds >= MAX_SECONDS) {
            seconds = MAX_SECONDS;
            rest = 0;
        }
        ts.putLong(0, seconds);
        ts.putLong(8, rest);
        return ts;
    }
}
