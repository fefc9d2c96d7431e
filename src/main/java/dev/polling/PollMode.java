package dev.polling;

/**
 * How a registered source keeps reporting readiness.
 *
 * <p>Not every backend can do every mode: check {@link Poller#supportsLevel()} and
 * {@link Poller#supportsEdge()}; registering with a mode the backend cannot do throws
 * {@link UnsupportedOperationException}.
 */
public enum PollMode {
    /** One event, then the source is disarmed until {@link Poller#modify} re-arms it. The default. */
    ONESHOT,
    /** An event at every poll for as long as the source stays ready. */
    LEVEL,
    /** One event per new readiness; the consumer must read or write until it would block. */
    EDGE,
    /** Like {@link #EDGE}, then disarmed as in {@link #ONESHOT}. */
    EDGE_ONESHOT;

    /** Whether this mode needs level-triggered support from the backend. */
    boolean isLevel() {
        return this == LEVEL;
    }

    /** Whether this mode needs edge-triggered support from the backend. */
    boolean isEdge() {
        return this == EDGE || this == EDGE_ONESHOT;
    }
}
