package dev.polling.iouring;

import dev.polling.spi.NativeBuffer;

/**
 * The submission queue: the ring of indices the kernel reads ({@code head} is the kernel's,
 * {@code tail} ours) and the array of 64-byte entries they point to.
 *
 * <p>Slot {@code i} of the index array always holds {@code i} (written once here), so the entry
 * for position {@code p} is {@code sqes[p & mask]}. Positions are free-running 32-bit counters:
 * {@code tail - head} is right across wrap-around, as the kernel computes it.
 *
 * <p>An entry becomes visible to the kernel when {@link #offer}'s release store of the tail
 * publishes it; the kernel reads entries from its head up to that tail during the next
 * {@code io_uring_enter} that asks it to submit, and only then advances the head. So an entry
 * between the head and the tail is never rewritten here, and {@link #unsubmitted()} is what an
 * {@code io_uring_enter} must still ask for.
 *
 * <pre>
 * struct io_uring_sqe {                     // 64 bytes; as written by {@link #offer}
 *     __u8  opcode;  __u8 flags;  __u16 ioprio;  __s32 fd;      // @0  (one little-endian u64)
 *     __u64 off;                                                // @8  (timeout count)
 *     __u64 addr;                                               // @16 (timespec; the user_data to remove)
 *     __u32 len;     __u32 op_flags;                            // @24 (poll command flags; poll32_events)
 *     __u64 user_data;                                          // @32
 *     __u16 buf_index; __u16 personality; __s32 splice_fd_in;  // @40
 *     __u64 addr3;   __u64 pad;                                 // @48, @56
 * };
 * </pre>
 *
 * <p>Not thread-safe: the backend calls it under its submission lock.
 */
final class SubmissionQueue {
    /** Bytes per entry (rings set up without {@code IORING_SETUP_SQE128}). */
    static final int SQE_SIZE = 64;

    private final NativeBuffer ring;
    private final NativeBuffer sqes;
    private final long headOffset;
    private final long tailOffset;
    private final long flagsOffset;
    private final int mask;
    private final int entries;
    /** Our tail: every position below it has been published. */
    private int tail;

    /**
     * A queue over the mapped ring and entry array, at the offsets {@code io_uring_setup} reported.
     * Fills the index array and starts at the kernel's current tail.
     */
    SubmissionQueue(NativeBuffer ring, NativeBuffer sqes, long headOffset, long tailOffset, long maskOffset,
                    long entriesOffset, long flagsOffset, long arrayOffset) {
        this.ring = ring;
        this.sqes = sqes;
        this.headOffset = headOffset;
        this.tailOffset = tailOffset;
        this.flagsOffset = flagsOffset;
        this.mask = ring.getInt(maskOffset);
        this.entries = ring.getInt(entriesOffset);
        if (entries <= 0 || Integer.bitCount(entries) != 1 || mask != entries - 1
                || (long) entries * SQE_SIZE > sqes.size()) {
            throw new IllegalStateException("implausible submission ring: " + entries + " entries, mask " + mask);
        }
        for (int i = 0; i < entries; i++) {
            ring.putInt(arrayOffset + 4L * i, i);
        }
        this.tail = ring.getInt(tailOffset);
    }

    /** How many entries the ring holds. */
    int capacity() {
        return entries;
    }

    /** Entries published but not yet taken by the kernel. */
    int unsubmitted() {
        return tail - ring.getIntAcquire(headOffset);
    }

    /** Free slots: the kernel's acquire-read head tells which entries it has finished reading. */
    int free() {
        return entries - unsubmitted();
    }

    /** The ring's flags word ({@code IORING_SQ_CQ_OVERFLOW}, ...), read with acquire. */
    int flags() {
        return ring.getIntAcquire(flagsOffset);
    }

    /**
     * Writes one entry and publishes it, or returns false if the ring is full.
     *
     * @param word0    opcode, flags, ioprio and fd packed as the first eight bytes (see {@link #word0})
     * @param off      the {@code off} field
     * @param addr     the {@code addr} field
     * @param lenAndOp {@code len} in the low half, the op-specific flags word in the high half
     * @param userData what the completion carries back
     */
    boolean offer(long word0, long off, long addr, long lenAndOp, long userData) {
        int position = tail;
        if (position - ring.getIntAcquire(headOffset) >= entries) {
            return false;
        }
        long at = (long) (position & mask) * SQE_SIZE;
        sqes.putLong(at, word0);
        sqes.putLong(at + 8, off);
        sqes.putLong(at + 16, addr);
        sqes.putLong(at + 24, lenAndOp);
        sqes.putLong(at + 32, userData);
        sqes.putLong(at + 40, 0L);
        sqes.putLong(at + 48, 0L);
        sqes.putLong(at + 56, 0L);
        tail = position + 1;
        ring.putIntRelease(tailOffset, tail); // the entry's bytes are visible before the tail that covers them
        return true;
    }

    /**
     * {@code IORING_OP_POLL_ADD} of {@code fd} for the poll bits {@code events}: single-shot, or
     * multishot ({@code IORING_POLL_ADD_MULTI}: a completion per wake-up while the CQE carries
     * {@code IORING_CQE_F_MORE}). False if the ring is full.
     */
    boolean offerPollAdd(int fd, int events, boolean multishot, long userData) {
        return offer(word0(IoUringAbi.IORING_OP_POLL_ADD, 0, fd), 0L, 0L,
                lenAndOp(multishot ? IoUringAbi.IORING_POLL_ADD_MULTI : 0, events), userData);
    }

    /**
     * {@code IORING_OP_POLL_REMOVE} of the poll request whose user data is {@code target}; its own
     * completion carries {@code userData}, and none at all on success with {@code skipSuccess}
     * ({@code IOSQE_CQE_SKIP_SUCCESS}). False if the ring is full.
     */
    boolean offerPollRemove(long target, long userData, boolean skipSuccess) {
        return offer(word0(IoUringAbi.IORING_OP_POLL_REMOVE, skipSuccess ? IoUringAbi.IOSQE_CQE_SKIP_SUCCESS : 0, -1),
                0L, target, 0L, userData);
    }

    /**
     * {@code IORING_OP_TIMEOUT} with the relative {@code struct timespec} at {@code timespec} that
     * also completes once {@code count} other completions have been posted. The kernel copies the
     * timespec when it takes the entry. False if the ring is full.
     */
    boolean offerTimeout(long timespec, int count, long userData, boolean skipSuccess) {
        return offer(word0(IoUringAbi.IORING_OP_TIMEOUT, skipSuccess ? IoUringAbi.IOSQE_CQE_SKIP_SUCCESS : 0, -1),
                count, timespec, lenAndOp(1, 0), userData);
    }

    /** The first eight bytes of an entry, little-endian: opcode, flags, ioprio 0, fd. */
    static long word0(int opcode, int flags, int fd) {
        return (opcode & 0xFFL) | (flags & 0xFFL) << 8 | (fd & 0xFFFF_FFFFL) << 32;
    }

    /** The {@code len} and op-flags words of an entry as one little-endian u64. */
    static long lenAndOp(int len, int opFlags) {
        return (len & 0xFFFF_FFFFL) | (opFlags & 0xFFFF_FFFFL) << 32;
    }
}
