package dev.polling.testing;

import java.nio.channels.SelectableChannel;
import java.time.Duration;
import java.util.Objects;

import dev.polling.Event;
import dev.polling.PollMode;

/**
 * One call that the code under test made on a {@link MockPoller}'s {@link dev.polling.Poller}
 * and the poller accepted (a call that threw is not recorded: the caller saw the exception).
 *
 * <p>A value: compare recorded calls with the factories, e.g.
 * {@code assertEquals(List.of(Call.add(ch, Event.readable(1), PollMode.ONESHOT)), mock.calls())}.
 *
 * @param kind     what was called
 * @param source   the channel, or the raw descriptor as an {@link Integer}; {@code null} for poll and close
 * @param interest the key and interest given to add or modify, else {@code null}
 * @param mode     the mode given to add or modify, else {@code null}
 * @param timeout  the timeout of a poll, {@code null} when it had no limit (and for the other kinds)
 * @param events   how many events a poll returned (0 on timeout or wake-up, and for the other kinds)
 */
public record Call(Kind kind, Object source, Event interest, PollMode mode, Duration timeout, int events) {
    /** The kinds of call recorded. */
    public enum Kind {
        /** {@code Poller.add}. */
        ADD,
        /** {@code Poller.modify}. */
        MODIFY,
        /** {@code Poller.delete}. */
        DELETE,
        /** {@code Poller.poll}, recorded when it returns. */
        POLL,
        /** {@code Poller.close}. */
        CLOSE
    }

    /**
     * A recorded call; the factories below are shorter for the usual cases.
     *
     * @param kind     what was called; never {@code null}
     * @param source   the channel, or the raw descriptor as an {@link Integer}; {@code null} for poll and close
     * @param interest the key and interest given to add or modify, else {@code null}
     * @param mode     the mode given to add or modify, else {@code null}
     * @param timeout  the timeout of a poll, {@code null} when it had no limit (and for the other kinds)
     * @param events   how many events a poll returned (0 on timeout or wake-up, and for the other kinds)
     * @throws NullPointerException if {@code kind} is {@code null}
     */
    public Call {
        Objects.requireNonNull(kind, "kind");
    }

    /**
     * An {@code add} of a channel.
     *
     * @param channel  the channel added
     * @param interest the key and interest it was added with
     * @param mode     the mode it was added in ({@link PollMode#ONESHOT} for the two-argument {@code add})
     * @return the call, equal to the one {@link MockPoller#calls()} records for it
     */
    public static Call add(SelectableChannel channel, Event interest, PollMode mode) {
        return new Call(Kind.ADD, channel, interest, mode, null, 0);
    }

    /**
     * An {@code add} of a raw descriptor.
     *
     * @param fd       the descriptor added
     * @param interest the key and interest it was added with
     * @param mode     the mode it was added in ({@link PollMode#ONESHOT} for the two-argument {@code add})
     * @return the call, equal to the one {@link MockPoller#calls()} records for it
     */
    public static Call add(int fd, Event interest, PollMode mode) {
        return new Call(Kind.ADD, fd, interest, mode, null, 0);
    }

    /**
     * A {@code modify} of a channel.
     *
     * @param channel  the channel modified
     * @param interest the key and interest it was given
     * @param mode     the mode it was given ({@link PollMode#ONESHOT} for the two-argument {@code modify})
     * @return the call, equal to the one {@link MockPoller#calls()} records for it
     */
    public static Call modify(SelectableChannel channel, Event interest, PollMode mode) {
        return new Call(Kind.MODIFY, channel, interest, mode, null, 0);
    }

    /**
     * A {@code modify} of a raw descriptor.
     *
     * @param fd       the descriptor modified
     * @param interest the key and interest it was given
     * @param mode     the mode it was given ({@link PollMode#ONESHOT} for the two-argument {@code modify})
     * @return the call, equal to the one {@link MockPoller#calls()} records for it
     */
    public static Call modify(int fd, Event interest, PollMode mode) {
        return new Call(Kind.MODIFY, fd, interest, mode, null, 0);
    }

    /**
     * A {@code delete} of a channel.
     *
     * @param channel the channel deleted
     * @return the call, equal to the one {@link MockPoller#calls()} records for it
     */
    public static Call delete(SelectableChannel channel) {
        return new Call(Kind.DELETE, channel, null, null, null, 0);
    }

    /**
     * A {@code delete} of a raw descriptor.
     *
     * @param fd the descriptor deleted
     * @return the call, equal to the one {@link MockPoller#calls()} records for it
     */
    public static Call delete(int fd) {
        return new Call(Kind.DELETE, fd, null, null, null, 0);
    }

    /**
     * A {@code poll} that returned.
     *
     * @param timeout the timeout it was given; {@code null} for no limit
     * @param events  what it returned: the number of events, 0 on timeout or wake-up
     * @return the call, equal to the one {@link MockPoller#calls()} records for it
     */
    public static Call poll(Duration timeout, int events) {
        return new Call(Kind.POLL, null, null, null, timeout, events);
    }

    /**
     * A {@code close}.
     *
     * @return the call, equal to the one {@link MockPoller#calls()} records for it
     */
    public static Call close() {
        return new Call(Kind.CLOSE, null, null, null, null, 0);
    }
}
