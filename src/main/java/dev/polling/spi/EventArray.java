package dev.polling.spi;

/**
 * The native array a backend's wait fills with kernel events ({@code struct epoll_event},
 * {@code struct kevent}, {@code port_event_t}, {@code OVERLAPPED_ENTRY}): grown to the largest
 * batch asked for, never shrunk, so that a steady event loop allocates it once.
 *
 * <p>Owned by the polling thread (and by {@code close()}, which never runs during a poll); not
 * thread-safe.
 */
public final class EventArray implements AutoCloseable {
    private final NativeOs os;
    private final int stride;
    private NativeBuffer buffer;
    private int capacity;

    /**
     * An array of records {@code stride} bytes apart, holding {@code initialCapacity} records at
     * first (0: allocated at the first {@link #ensure}).
     */
    public EventArray(NativeOs os, int stride, int initialCapacity) {
        this.os = os;
        this.stride = stride;
        if (initialCapacity > 0) {
            buffer = os.allocate((long) initialCapacity * stride);
            capacity = initialCapacity;
        }
    }

    /** The array, grown first if it holds fewer than {@code records} records. */
    public NativeBuffer ensure(int records) {
        NativeBuffer b = buffer;
        if (records > capacity) {
            NativeBuffer grown = os.allocate((long) records * stride);
            if (b != null) {
                b.close();
            }
            buffer = b = grown;
            capacity = records;
        }
        return b;
    }

    /** How many records the array holds now. */
    public int capacity() {
        return capacity;
    }

    /** The size of one record. */
    public int stride() {
        return stride;
    }

    /** Frees the memory. */
    @Override
    public void close() {
        if (buffer != null) {
            buffer.close();
        }
    }
}
