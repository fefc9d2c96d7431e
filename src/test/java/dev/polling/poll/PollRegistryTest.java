package dev.polling.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.polling.spi.Interest;

class PollRegistryTest {
    private final PollRegistry registry = new PollRegistry();

    private List<Integer> changes() {
        List<Integer> slots = new ArrayList<>();
        for (int i = 0; i < registry.changedCount(); i++) {
            slots.add(registry.changedSlot(i));
        }
        return slots;
    }

    @Test
    void shouldAddSourcesArmedInConsecutiveSlots() {
        registry.add(7, 70, Interest.READABLE, true);
        registry.add(3, 30, Interest.WRITABLE, false);
        assertEquals(2, registry.count());
        assertEquals(0, registry.slotOf(7));
        assertEquals(1, registry.slotOf(3));
        assertEquals(3, registry.fd(1));
        assertEquals(30, registry.key(1));
        assertEquals(Interest.WRITABLE, registry.interest(1));
        assertFalse(registry.isOneshot(1));
        assertTrue(registry.isOneshot(0));
        assertTrue(registry.isWatched(0));
        assertEquals(List.of(0, 1), changes());
    }

    @Test
    void shouldRefuseADescriptorTwice() {
        registry.add(7, 70, Interest.READABLE, true);
        assertThrows(IllegalStateException.class, () -> registry.add(7, 71, Interest.READABLE, true));
        assertEquals(1, registry.count());
    }

    @Test
    void shouldRearmOnUpdateAndJournalTheSlotOnce() {
        registry.add(7, 70, Interest.READABLE, true);
        registry.clearChanges();
        registry.disarm(0);
        assertFalse(registry.isWatched(0));
        assertEquals(List.of(), changes(), "disarming is the polling thread's own business");
        registry.update(7, 71, Interest.BOTH, false);
        registry.update(7, 72, Interest.BOTH, true);
        assertTrue(registry.isWatched(0));
        assertEquals(72, registry.key(0));
        assertEquals(List.of(0), changes());
    }

    @Test
    void shouldRefuseToUpdateAnUnknownDescriptor() {
        assertThrows(IllegalStateException.class, () -> registry.update(4, 1, Interest.READABLE, true));
    }

    @Test
    void shouldMoveTheLastSlotIntoAHoleAndJournalIt() {
        registry.add(10, 100, Interest.READABLE, true);
        registry.add(11, 110, Interest.WRITABLE, false);
        registry.add(12, 120, Interest.READABLE, true);
        registry.disarm(2);
        registry.clearChanges();
        assertTrue(registry.remove(10));
        assertEquals(2, registry.count());
        assertEquals(-1, registry.slotOf(10));
        assertEquals(0, registry.slotOf(12));
        assertEquals(120, registry.key(0));
        assertFalse(registry.isWatched(0), "a moved source keeps its armed state");
        assertEquals(List.of(0), changes());
    }

    @Test
    void shouldRemoveTheLastSlotWithoutMovingAnything() {
        registry.add(10, 100, Interest.READABLE, true);
        registry.add(11, 110, Interest.READABLE, true);
        registry.clearChanges();
        assertTrue(registry.remove(11));
        assertFalse(registry.remove(11));
        assertEquals(1, registry.count());
        assertEquals(List.of(), changes());
    }

    @Test
    void shouldKeepStaleJournalEntriesBeyondTheCount() {
        registry.add(10, 100, Interest.READABLE, true);
        registry.add(11, 110, Interest.READABLE, true);
        registry.remove(11);
        assertEquals(List.of(0, 1), changes(), "slot 1 is journaled but lies past count(): callers skip it");
        assertEquals(1, registry.count());
    }

    @Test
    void shouldNotWatchASourceWithNoInterest() {
        registry.add(10, 100, Interest.NONE, false);
        assertFalse(registry.isWatched(0));
        registry.update(10, 100, Interest.READABLE, false);
        assertTrue(registry.isWatched(0));
    }

    @Test
    void shouldGrowForLargeDescriptorsAndManySources() {
        for (int fd = 0; fd < 100; fd++) {
            registry.add(fd * 1000, fd, Interest.READABLE, true);
        }
        assertEquals(100, registry.count());
        assertEquals(99, registry.slotOf(99_000));
        assertEquals(99, registry.key(99));
        assertEquals(100, registry.changedCount());
        assertEquals(-1, registry.slotOf(1_000_000));
        assertEquals(-1, registry.slotOf(-1));
    }

    @Test
    void shouldReuseJournalMarksAfterClearing() {
        registry.add(1, 1, Interest.READABLE, true);
        registry.clearChanges();
        registry.update(1, 2, Interest.READABLE, true);
        assertEquals(List.of(0), changes());
    }
}
