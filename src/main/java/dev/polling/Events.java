package dev.polling;

import java.util.Objects;

/**
 * A reusable buffer that {@link Poller#poll} fills with the events it returns.
 *
 * <p>Create one per polling thread and reuse it: reading it allocates nothing. Not thread-safe;
 * read it on the thread that polled.
 *
 * <pre>{@code
 * Events events = Events.withCapacity(1024);
 * int n = poller.poll(events, null);
 * for (int i = 0; i < n; i++) {
 *     long key = events.key(i);
 *     if (events.isReadable(i)) { ... }
 * }
 * }</pre>
 */
public final class Events {
    final long[] keys;
    final int[] readiness;
    int size;

    private Events(int capacity) {
        keys = new long[capacity];
        readiness = new int[capacity];
    }

    /**
     * A buffer that holds up to {@code capacity} events per poll.
     *
     * @param capacity the most events one poll may return; more ready sources stay pending for the
     *                 next poll
     * @return an empty buffer
     * @throws IllegalArgumentException if {@code capacity} is less than 1
     */
    public static Events withCapacity(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("Events capacity must be at least 1, was " + capacity);
        }
        return new Events(capacity);
    }

    /**
     * How many events the last poll stored.
     *
     * @return the number of valid indices, from 0 to {@link #capacity()}
     */
    public int size() {
        return size;
    }

    /**
     * The most events one poll can store.
     *
     * @return the capacity given to {@link #withCapacity(int)}
     */
    public int capacity() {
        return keys.length;
    }

    /** Empties the buffer. */
    public void clear() {
        size = 0;
    }

    /**
     * The key of event {@code i}.
     *
     * @param i the index of the event, from 0 to {@code size() - 1}
     * @return the key of the {@link Event} the source was registered or last modified with
     * @throws IndexOutOfBoundsException if {@code i} is not in {@code [0, size())}
     */
    public long key(int i) {
        return keys[Objects.checkIndex(i, size)];
    }

    /**
     * Whether event {@code i} reports readability (data, end-of-stream, hang-up, error, or an accept).
     *
     * @param i the index of the event, from 0 to {@code size() - 1}
     * @return {@code true} if a read or accept is worth trying now (it may meet end-of-stream or an error)
     * @throws IndexOutOfBoundsException if {@code i} is not in {@code [0, size())}
     */
    public boolean isReadable(int i) {
        return (readiness[Objects.checkIndex(i, size)] & Event.READABLE_BIT) != 0;
    }

    /**
     * Whether event {@code i} reports writability (or a completed connect, hang-up or error).
     *
     * @param i the index of the event, from 0 to {@code size() - 1}
     * @return {@code true} if a write or {@code finishConnect} is worth trying now (it may meet an error)
     * @throws IndexOutOfBoundsException if {@code i} is not in {@code [0, size())}
     */
    public boolean isWritable(int i) {
        return (readiness[Objects.checkIndex(i, size)] & Event.WRITABLE_BIT) != 0;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Events[size=").append(size).append(", capacity=").append(capacity());
        for (int i = 0; i < size; i++) {
            sb.append(i == 0 ? ": " : ", ").append(keys[i]);
            if (isReadable(i)) sb.append('r');
            if (isWritable(i)) sb.append('w');
        }
        return sb.append(']').toString();
    }
}
