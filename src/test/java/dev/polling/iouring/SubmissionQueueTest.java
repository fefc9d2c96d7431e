package dev.polling.iouring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.polling.testsupport.HeapBuffer;

class SubmissionQueueTest {
    private static final int HEAD = 0;
    private static final int TAIL = 4;
    private static final int MASK = 8;
    private static final int ENTRIES = 12;
    private static final int FLAGS = 16;
    private static final int ARRAY = 64;

    private final HeapBuffer ring = HeapBuffer.allocate(ARRAY + 4 * 8);
    private final HeapBuffer sqes = HeapBuffer.allocate(SubmissionQueue.SQE_SIZE * 8);

    private SubmissionQueue queue(int entries, int start) {
        ring.putInt(MASK, entries - 1);
        ring.putInt(ENTRIES, entries);
        ring.putInt(HEAD, start);
        ring.putInt(TAIL, start);
        return new SubmissionQueue(ring, sqes, HEAD, TAIL, MASK, ENTRIES, FLAGS, ARRAY);
    }

    /** The kernel takes {@code n} entries: its head moves on. */
    private void kernelTakes(int n) {
        ring.putInt(HEAD, ring.getInt(HEAD) + n);
    }

    @Test
    void shouldPointEveryIndexSlotAtItsOwnEntryAndStartAtTheKernelsTail() {
        SubmissionQueue sq = queue(8, 1234);
        for (int i = 0; i < 8; i++) {
            assertEquals(i, ring.getInt(ARRAY + 4L * i));
        }
        assertEquals(8, sq.capacity());
        assertEquals(8, sq.free());
        assertEquals(0, sq.unsubmitted());
        assertTrue(sq.offerPollAdd(3, IoUringAbi.POLLIN, false, 77));
        assertEquals(1235, ring.getInt(TAIL), "the tail is published with the entry");
        assertEquals(77, sqes.getLong((1234 & 7) * 64L + 32), "entry written at the slot of position 1234");
    }

    @Test
    void shouldRefuseAnEntryWhenFullUntilTheKernelTakesOne() {
        SubmissionQueue sq = queue(4, 0);
        for (int i = 0; i < 4; i++) {
            assertTrue(sq.offerPollAdd(i, IoUringAbi.POLLIN, false, i));
        }
        assertEquals(0, sq.free());
        assertFalse(sq.offerPollAdd(9, IoUringAbi.POLLIN, false, 9), "a full ring must not overwrite an untaken entry");
        assertEquals(4, ring.getInt(TAIL));
        kernelTakes(1);
        assertEquals(3, sq.unsubmitted());
        assertTrue(sq.offerPollAdd(9, IoUringAbi.POLLIN, false, 9));
        assertEquals(9, sqes.getLong(32), "the freed slot 0 holds the new entry");
    }

    @Test
    void shouldCountAndPlaceEntriesAcrossTheWrapOfThe32BitIndices() {
        int start = -3; // 0xFFFFFFFD: three entries before the indices wrap to 0
        SubmissionQueue sq = queue(4, start);
        for (int i = 0; i < 40; i++) {
            assertTrue(sq.offerPollAdd(i, IoUringAbi.POLLOUT, false, 1000 + i), "entry " + i);
            int position = start + i;
            assertEquals(1000 + i, sqes.getLong((position & 3) * 64L + 32), "entry " + i + " at its slot");
            assertEquals(1, sq.unsubmitted());
            assertEquals(3, sq.free());
            kernelTakes(1);
        }
        assertEquals(start + 40, ring.getInt(TAIL));
        assertEquals(0, sq.unsubmitted());
    }

    @Test
    void shouldEncodeEachEntryAsTheKernelReadsIt() {
        FakeIoUringKernel.assumeLittleEndian(); // the fields are read back from the little-endian first word
        SubmissionQueue sq = queue(8, 0);
        assertTrue(sq.offerPollAdd(42, IoUringAbi.POLLIN | IoUringAbi.POLLOUT, true, 0x1234_5678_9AL));
        assertTrue(sq.offerPollRemove(0x1234_5678_9AL, -2, true));
        assertTrue(sq.offerTimeout(0xABCD_0000L, 1, -2, false));

        // POLL_ADD: opcode 6, fd 42 at 4, multishot in len (24), poll32_events at 28, user_data at 32.
        assertEquals(IoUringAbi.IORING_OP_POLL_ADD, sqes.getInt(0) & 0xFF);
        assertEquals(42, sqes.getInt(4));
        assertEquals(0, sqes.getLong(8));
        assertEquals(0, sqes.getLong(16));
        assertEquals(IoUringAbi.IORING_POLL_ADD_MULTI, sqes.getInt(24));
        assertEquals(IoUringAbi.POLLIN | IoUringAbi.POLLOUT, sqes.getInt(28));
        assertEquals(0x1234_5678_9AL, sqes.getLong(32));
        for (int at = 40; at < 64; at += 8) {
            assertEquals(0, sqes.getLong(at), "reserved bytes at " + at);
        }
        // POLL_REMOVE: the target user_data in addr (16), CQE_SKIP_SUCCESS in flags (byte 1).
        assertEquals(IoUringAbi.IORING_OP_POLL_REMOVE, sqes.getInt(64) & 0xFF);
        assertEquals(IoUringAbi.IOSQE_CQE_SKIP_SUCCESS, sqes.getInt(64) >>> 8 & 0xFF);
        assertEquals(0x1234_5678_9AL, sqes.getLong(64 + 16));
        assertEquals(0, sqes.getInt(64 + 24));
        assertEquals(-2, sqes.getLong(64 + 32));
        // TIMEOUT: count in off (8), timespec in addr (16), len 1, relative (timeout_flags 0).
        assertEquals(IoUringAbi.IORING_OP_TIMEOUT, sqes.getInt(128) & 0xFF);
        assertEquals(0, sqes.getInt(128) >>> 8 & 0xFF);
        assertEquals(1, sqes.getLong(128 + 8));
        assertEquals(0xABCD_0000L, sqes.getLong(128 + 16));
        assertEquals(1, sqes.getInt(128 + 24));
        assertEquals(0, sqes.getInt(128 + 28));
    }

    @Test
    void shouldRefuseARingWhoseSizesDisagree() {
        ring.putInt(MASK, 6);
        ring.putInt(ENTRIES, 8);
        assertThrows(IllegalStateException.class, () -> new SubmissionQueue(ring, sqes, HEAD, TAIL, MASK, ENTRIES, FLAGS, ARRAY));
        ring.putInt(MASK, 15);
        ring.putInt(ENTRIES, 16); // more entries than the 8-entry array holds
        assertThrows(IllegalStateException.class, () -> new SubmissionQueue(ring, sqes, HEAD, TAIL, MASK, ENTRIES, FLAGS, ARRAY));
    }
}
