package dev.polling.testing;

/**
 * A readiness condition a test gives a source of a {@link MockPoller}.
 *
 * <p>The poller reports it as the real backends report the OS's conditions: masked by the
 * source's interest, with {@link #HANG_UP} and {@link #ERROR} reported as readable and/or
 * writable (whichever the interest has) so that the next read or write surfaces them.
 */
public enum Readiness {
    /** Data, end-of-stream, or a pending accept: reported as readable. */
    READABLE,
    /** A write would not block, or a connect completed: reported as writable. */
    WRITABLE,
    /** The peer hung up: reported as readable and/or writable, whichever is of interest. */
    HANG_UP,
    /** An error is pending on the source: reported as readable and/or writable, whichever is of interest. */
    ERROR
}
