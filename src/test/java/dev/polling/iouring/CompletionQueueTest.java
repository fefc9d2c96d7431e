package dev.polling.iouring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.polling.testsupport.HeapBuffer;

class CompletionQueueTest {
    private static final int HEAD = 0;
    private static final int TAIL = 4;
    private static final int MASK = 8;
    private static final int ENTRIES = 12;
    private static final int OVERFLOW = 16;
    private static final int CQES = 64;

    private final HeapBuffer ring = HeapBuffer.allocate(CQES + 16 * 4);
    private int kernelTail;

    private CompletionQueue queue(int start) {
        ring.putInt(MASK, 3);
        ring.putInt(ENTRIES, 4);
        ring.putInt(HEAD, start);
        ring.putInt(TAIL, start);
        kernelTail = start;
        return new CompletionQueue(ring, HEAD, TAIL, MASK, ENTRIES, OVERFLOW, CQES);
    }

    /** The kernel posts one completion, as io_uring does: entry first, then the tail (release). */
    private void post(long userData, int res, int flags) {
        long at = CQES + (kernelTail & 3) * 16L;
        ring.putLong(at, userData);
        ring.putInt(at + 8, res);
        ring.putInt(at + 12, flags);
        kernelTail++;
        ring.putIntRelease(TAIL, kernelTail);
    }

    private List<Long> drain(CompletionQueue cq) {
        List<Long> seen = new ArrayList<>();
        cq.begin();
        while (cq.hasNext()) {
            cq.next();
            seen.add(cq.userData());
        }
        cq.end();
        return seen;
    }

    @Test
    void shouldReadTheEntriesUpToTheTailAndHandTheirSlotsBack() {
        CompletionQueue cq = queue(0);
        assertEquals(0, cq.ready());
        post(7, 1, IoUringAbi.IORING_CQE_F_MORE);
        post(8, -125, 0);
        assertEquals(2, cq.ready());
        assertEquals(2, cq.begin());
        assertTrue(cq.hasNext());
        cq.next();
        assertEquals(7, cq.userData());
        assertEquals(1, cq.res());
        assertEquals(IoUringAbi.IORING_CQE_F_MORE, cq.flags());
        cq.next();
        assertEquals(8, cq.userData());
        assertEquals(-125, cq.res());
        assertFalse(cq.hasNext());
        assertEquals(0, ring.getInt(HEAD), "slots are handed back only at end()");
        cq.end();
        assertEquals(2, ring.getInt(HEAD));
        assertEquals(0, cq.ready());
    }

    @Test
    void shouldNotReadPastTheTailItSnapshotted() {
        CompletionQueue cq = queue(0);
        post(1, 1, 0);
        cq.begin();
        post(2, 1, 0); // arrives during the walk: left for the next one
        List<Long> seen = new ArrayList<>();
        while (cq.hasNext()) {
            cq.next();
            seen.add(cq.userData());
        }
        cq.end();
        assertEquals(List.of(1L), seen);
        assertEquals(List.of(2L), drain(cq));
    }

    @Test
    void shouldReadInOrderAcrossTheWrapOfThe32BitIndices() {
        CompletionQueue cq = queue(-5);
        List<Long> seen = new ArrayList<>();
        for (long i = 0; i < 30; i += 3) {
            post(i, 1, 0);
            post(i + 1, 1, 0);
            post(i + 2, 1, 0);
            seen.addAll(drain(cq));
        }
        for (int i = 0; i < 30; i++) {
            assertEquals(i, seen.get(i));
        }
        assertEquals(-5 + 30, ring.getInt(HEAD));
    }

    @Test
    void shouldReportCompletionsDroppedWithoutNodrop() {
        CompletionQueue cq = queue(0);
        ring.putInt(OVERFLOW, 3);
        assertEquals(3, cq.dropped());
        assertEquals(4, cq.capacity());
    }
}
