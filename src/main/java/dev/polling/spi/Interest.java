package dev.polling.spi;

/**
 * Bit flags shared by the API and the backends for interest and for readiness.
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

    /** A readable description of a set of bits, for messages. */
    public static String describe(int bits) {
        return switch (bits & BOTH) {
            case NONE -> "none";
            case READABLE -> "readable";
            case WRITABLE -> "writable";
            default -> "readable+writable";
        };
    }
}
