package dev.polling;

/**
 * The interest registered for a source: a user key plus readable and/or writable.
 *
 * <p>An immutable value, safe to share between threads. Keep one per source and pass it to
 * {@link Poller#modify} on every re-arm: that way the event loop allocates nothing.
 *
 * <pre>{@code
 * Event interest = Event.readable(connectionId);
 * poller.add(channel, interest);
 * }</pre>
 */
public final class Event {
    /**
     * The one key no source may use: the poller keeps it for its own wake-up source.
     * Every factory method rejects it with {@link IllegalArgumentException}.
     */
    public static final long RESERVED_KEY = -1L;

    /** The interest and readiness bit for readable; the backends' {@code spi.Interest} has the same values. */
    static final int READABLE_BIT = 1;
    /** The interest and readiness bit for writable. */
    static final int WRITABLE_BIT = 2;

    private final long key;
    private final int interest;

    private Event(long key, int interest) {
        if (key == RESERVED_KEY) {
            throw new IllegalArgumentException("key " + key + " is reserved for the poller's wake-up (Event.RESERVED_KEY)");
        }
        this.key = key;
        this.interest = interest;
    }

    /**
     * Interest in readability: data, end-of-stream, hang-up, an error, or a pending accept.
     *
     * @param key the key that events for the source will carry; any value but {@link #RESERVED_KEY}
     * @return the interest
     * @throws IllegalArgumentException if {@code key} is {@link #RESERVED_KEY}
     */
    public static Event readable(long key) {
        return new Event(key, READABLE_BIT);
    }

    /**
     * Interest in writability: a write would not block, or a non-blocking connect completed.
     *
     * @param key the key that events for the source will carry; any value but {@link #RESERVED_KEY}
     * @return the interest
     * @throws IllegalArgumentException if {@code key} is {@link #RESERVED_KEY}
     */
    public static Event writable(long key) {
        return new Event(key, WRITABLE_BIT);
    }

    /**
     * Interest in both readability and writability.
     *
     * @param key the key that events for the source will carry; any value but {@link #RESERVED_KEY}
     * @return the interest
     * @throws IllegalArgumentException if {@code key} is {@link #RESERVED_KEY}
     */
    public static Event all(long key) {
        return new Event(key, READABLE_BIT | WRITABLE_BIT);
    }

    /**
     * No interest: the source stays registered but reports nothing until modified.
     *
     * @param key the key the source keeps while it is silent; any value but {@link #RESERVED_KEY}
     * @return the interest
     * @throws IllegalArgumentException if {@code key} is {@link #RESERVED_KEY}
     */
    public static Event none(long key) {
        return new Event(key, 0);
    }

    /**
     * The user key that events for this source carry.
     *
     * @return the key given to the factory method
     */
    public long key() {
        return key;
    }

    /**
     * Whether readability is of interest.
     *
     * @return {@code true} for {@link #readable(long)} and {@link #all(long)}
     */
    public boolean readable() {
        return (interest & READABLE_BIT) != 0;
    }

    /**
     * Whether writability is of interest.
     *
     * @return {@code true} for {@link #writable(long)} and {@link #all(long)}
     */
    public boolean writable() {
        return (interest & WRITABLE_BIT) != 0;
    }

    /** The interest as {@link #READABLE_BIT}/{@link #WRITABLE_BIT} bits, for backends. */
    int interestBits() {
        return interest;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Event other && other.key == key && other.interest == interest;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(key) * 31 + interest;
    }

    @Override
    public String toString() {
        return "Event[key=" + key + ", readable=" + readable() + ", writable=" + writable() + "]";
    }
}
