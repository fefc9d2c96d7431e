package dev.polling.iouring;

import dev.polling.spi.NativeBuffer;

/**
 * The completion queue: 16-byte entries the kernel writes, between our head and its tail.
 *
 * <pre>
 * struct io_uring_cqe {   // 16 bytes (rings set up without IORING_SETUP_CQE32)
 *     __u64 user_data;    // @0: the submission's, carried back
 *     __s32 res;          // @8: for a poll, the ready poll bits, or -errno
 *     __u32 flags;        // @12: IORING_CQE_F_MORE while a multishot request goes on
 * };
 * </pre>
 *
 * <p>The consumer reads the tail with acquire (the kernel stores it with release after writing the
 * entries it covers), reads the entries, and then stores its head with release, so the kernel
 * never reuses a slot before it has been read. Positions are free-running 32-bit counters.
 *
 * <p>Use: {@link #begin()} takes a snapshot of the tail; {@link #hasNext()}/{@link #next()} walk
 * the entries ({@link #userData()}, {@link #res()}, {@link #flags()} describe the current one);
 * {@link #end()} hands the consumed slots back to the kernel. Not thread-safe: the polling
 * thread consumes, under the backend's lock.
 */
final class CompletionQueue {
    /** Bytes per entry. */
    static final int CQE_SIZE = 16;

    private final NativeBuffer ring;
    private final long headOffset;
    private final long tailOffset;
    private final long cqesOffset;
    private final long overflowOffset;
    private final int mask;
    private final int entries;
    private int head;
    private int tail;
    private long current;

    /** A queue over the mapped ring, at the offsets {@code io_uring_setup} reported. */
    CompletionQueue(NativeBuffer ring, long headOffset, long tailOffset, long maskOffset, long entriesOffset,
                    long overflowOffset, long cqesOffset) {
        this.ring = ring;
        this.headOffset = headOffset;
        this.tailOffset = tailOffset;
        this.cqesOffset = cqesOffset;
        this.overflowOffset = overflowOffset;
        this.mask = ring.getInt(maskOffset);
        this.entries = ring.getInt(entriesOffset);
        if (entries <= 0 || Integer.bitCount(entries) != 1 || mask != entries - 1
                || cqesOffset + (long) entries * CQE_SIZE > ring.size()) {
            throw new IllegalStateException("implausible completion ring: " + entries + " entries, mask " + mask);
        }
        this.head = ring.getInt(headOffset);
        this.tail = head;
    }

    /** How many entries the ring holds. */
    int capacity() {
        return entries;
    }

    /** Completions waiting now (one acquire read of the tail). */
    int ready() {
        return ring.getIntAcquire(tailOffset) - head;
    }

    /** Snapshots the kernel's tail; returns how many completions it covers. */
    int begin() {
        tail = ring.getIntAcquire(tailOffset);
        return tail - head;
    }

    /** Whether an entry below the snapshot is left. */
    boolean hasNext() {
        return head != tail;
    }

    /** Moves to the next entry (after {@link #hasNext()}); its fields are then readable. */
    void next() {
        current = cqesOffset + (long) (head & mask) * CQE_SIZE;
        head++;
    }

    /** The current entry's {@code user_data}. */
    long userData() {
        return ring.getLong(current);
    }

    /** The current entry's {@code res}. */
    int res() {
        return ring.getInt(current + 8);
    }

    /** The current entry's {@code flags}. */
    int flags() {
        return ring.getInt(current + 12);
    }

    /** Hands every entry consumed so far back to the kernel (release: our reads of them come first). */
    void end() {
        ring.putIntRelease(headOffset, head);
    }

    /** Completions the kernel dropped for want of room (only without {@code IORING_FEAT_NODROP}). */
    int dropped() {
        return ring.getIntAcquire(overflowOffset);
    }
}
