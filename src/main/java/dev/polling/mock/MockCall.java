package dev.polling.mock;

import dev.polling.PollMode;

/**
 * One call the mock backend accepted, as it saw it.
 *
 * @param op           what was called
 * @param source       the channel, the descriptor as an {@link Integer}, or {@code null} for poll/close
 * @param key          the registered key (add/modify)
 * @param interest     the {@code Interest} bits (add/modify)
 * @param mode         the mode (add/modify), else {@code null}
 * @param timeoutNanos the poll's timeout: 0 = no wait, negative = no limit
 * @param events       how many events the poll returned
 */
public record MockCall(Op op, Object source, long key, int interest, PollMode mode, long timeoutNanos, int events) {
    /** The operations recorded. */
    public enum Op {
        /** {@code add}. */
        ADD,
        /** {@code modify}. */
        MODIFY,
        /** {@code delete}. */
        DELETE,
        /** {@code poll}, recorded when it returns. */
        POLL,
        /** {@code close}. */
        CLOSE
    }
}
