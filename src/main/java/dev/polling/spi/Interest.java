package dev.polling.spi;

/**
 * Bit flags the backends use for interest and for readiness. The API's {@code Event} and
 * {@code Events} encode interest and readiness with the same values (they keep their own copy, so
 * that the API depends on nothing below it; a test holds the two equal).
 */
public final class Interest {
    /** No interest, or no readiness. */
    public static final int NONE = 0;
    /** Readable: data, end-of-stream, hang-up, error, or a pending accept. */
    public static final int READABLE = 1;
    /** Writable: a write would not block, or a connect completed (or failed). */
    public static final int WRITABLE = 2;
    /** Both directions. */
    public static final int BOTH = READABLE | WRITABLE;

    private Interest() {
    }
}
