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

    /** Checks that {@code kind} is given. */
    public Call {
        Objects.requireNonNull(kind, "kind");
    }

    /** An {@code add} of a channel. */
    public static Call add(SelectableChannel channel, Event interest, PollMode mode) {
        return new Call(Kind.ADD, channel, interest, mode, null, 0);
    }

    /** An {@code add} of a raw descriptor. */
    public static Call add(int fd, Event interest, PollMode mode) {
        return new Call(Kind.ADD, fd, interest, mode, null, 0);
    }

    /** A {@code modify} of a channel. */
    public static Call modify(SelectableChannel channel, Event interest, PollMode mode) {
        return new Call(Kind.MODIFY, channel, interest, mode, null, 0);
    }

    /** A {@code modify} of a raw descriptor. */
    public static Call modify(int fd, Event interest, PollMode mode) {
        return new Call(Kind.MODIFY, fd, interest, mode, null, 0);
    }

    /** A {@code delete} of a channel. */
    public static Call delete(SelectableChannel channel) {
        return new Call(Kind.DELETE, channel, null, null, null, 0);
    }

    /** A {@code delete} of a raw descriptor. */
    public static Call delete(int fd) {
        return new Call(Kind.DELETE, fd, null, null, null, 0);
    }

    /** A {@code poll} with {@code timeout} ({@code null}: no limit) that returned {@code events}. */
    public static Call poll(Duration timeout, int events) {
        return new Call(Kind.POLL, null, null, null, timeout, events);
    }

    /** A {@code close}. */
    public static Call close() {
        return new Call(Kind.CLOSE, null, null, null, null, 0);
    }
}
