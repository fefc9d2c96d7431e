package dev.polling.poll;

import dev.polling.spi.NativeBuffer;
import dev.polling.spi.NativeOs;

/**
 * The native array handed to {@code poll(2)}: a growable run of {@code struct pollfd}.
 *
 * <pre>
 * struct pollfd {      // 8 bytes on every OS
 *     int   fd;        // @0  a negative fd is skipped by the kernel, revents set to 0
 *     short events;    // @4  requested POLL* bits
 *     short revents;   // @6  returned POLL* bits (POLLHUP/POLLERR/POLLNVAL even if not requested)
 * };
 * </pre>
 *
 * Owned by the polling thread (or by whoever holds the backend's lock when the poller is not
 * inside {@code poll(2)}); not thread-safe.
 */
final class PollFdArray implements AutoCloseable {
    /** {@code sizeof(struct pollfd)}. */
    static final int SIZE = PollAbi.POLLFD_SIZE;
    /** {@code offsetof(struct pollfd, fd)}. */
    static final int FD = 0;
    /** {@code offsetof(struct pollfd, events)}. */
    static final int EVENTS = 4;
    /** {@code offsetof(struct pollfd, revents)}. */
    static final int REVENTS = 6;
    /** The fd value that makes {@code poll(2)} ignore an entry (and report nothing for it, not even POLLHUP). */
    static final int IGNORED = -1;

    private final NativeOs os;
    private NativeBuffer memory;
    private int capacity;

    /** An array of {@code capacity} entries, all ignored, in memory from {@code os}. */
    PollFdArray(NativeOs os, int capacity) {
        this.os = os;
        this.memory = allocate(os, capacity);
        this.capacity = capacity;
    }

    /** The memory to pass to {@code poll(2)}. */
    NativeBuffer buffer() {
        return memory;
    }

    /** How many entries fit without growing. */
    int capacity() {
        return capacity;
    }

    /** Makes room for at least {@code entries} entries, keeping the existing ones (new ones are ignored). */
    void ensureCapacity(int entries) {
        if (entries <= capacity) {
            return;
        }
        int grown = Math.max(entries, capacity * 2);
        NativeBuffer bigger = allocate(os, grown);
        for (int i = 0; i < capacity; i++) {
            bigger.putLong((long) i * SIZE, memory.getLong((long) i * SIZE));
        }
        memory.close();
        memory = bigger;
        capacity = grown;
    }

    /** Writes entry {@code i}: poll {@code fd} for {@code events}, {@code revents} cleared. */
    void set(int i, int fd, short events) {
        long at = (long) i * SIZE;
        memory.putInt(at + FD, fd);
        memory.putShort(at + EVENTS, events);
        memory.putShort(at + REVENTS, (short) 0);
    }

    /** Makes {@code poll(2)} skip entry {@code i} from now on. */
    void ignore(int i) {
        set(i, IGNORED, (short) 0);
    }

    /** The descriptor of entry {@code i} ({@link #IGNORED} if skipped). */
    int fd(int i) {
        return memory.getInt((long) i * SIZE + FD);
    }

    /** The requested events of entry {@code i}. */
    short events(int i) {
        return memory.getShort((long) i * SIZE + EVENTS);
    }

    /** The returned events of entry {@code i}, as an unsigned value. */
    int revents(int i) {
        return memory.getShort((long) i * SIZE + REVENTS) & 0xFFFF;
    }

    /** Frees the native memory. */
    @Override
    public void close() {
        memory.close();
    }

    private static NativeBuffer allocate(NativeOs os, int entries) {
        NativeBuffer buffer = os.allocate((long) entries * SIZE);
        for (int i = 0; i < entries; i++) {
            buffer.putInt((long) i * SIZE + FD, IGNORED);
        }
        return buffer;
    }
}
