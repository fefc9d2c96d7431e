package dev.polling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.polling.spi.Interest;

class EventsTest {

    @Test
    void shouldRejectCapacityBelowOne() {
        for (int capacity : new int[] {0, -1, Integer.MIN_VALUE}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Events.withCapacity(capacity));
            assertTrue(e.getMessage().contains(String.valueOf(capacity)), e.getMessage());
        }
    }

    @Test
    void shouldStartEmptyWithRequestedCapacity() {
        Events events = Events.withCapacity(5);
        assertEquals(5, events.capacity());
        assertEquals(0, events.size());
        assertEquals(5, events.keys.length);
        assertEquals(5, events.readiness.length);
    }

    @Test
    void shouldReadStoredEvents() {
        Events events = filled(Events.withCapacity(4), new long[] {1, 2, 3},
                new int[] {Interest.READABLE, Interest.WRITABLE, Interest.BOTH});
        assertEquals(3, events.size());
        assertEquals(1, events.key(0));
        assertTrue(events.isReadable(0));
        assertFalse(events.isWritable(0));
        assertFalse(events.isReadable(1));
        assertTrue(events.isWritable(1));
        assertTrue(events.isReadable(2) && events.isWritable(2));
    }

    @Test
    void shouldRefuseIndexesOutsideSizeEvenWithinCapacity() {
        Events events = filled(Events.withCapacity(4), new long[] {9}, new int[] {Interest.READABLE});
        for (int i : new int[] {-1, 1, 3, 4}) {
            assertThrows(IndexOutOfBoundsException.class, () -> events.key(i));
            assertThrows(IndexOutOfBoundsException.class, () -> events.isReadable(i));
            assertThrows(IndexOutOfBoundsException.class, () -> events.isWritable(i));
        }
    }

    @Test
    void shouldEmptyOnClear() {
        Events events = filled(Events.withCapacity(2), new long[] {9}, new int[] {Interest.READABLE});
        events.clear();
        assertEquals(0, events.size());
        assertEquals(2, events.capacity());
        assertThrows(IndexOutOfBoundsException.class, () -> events.key(0));
    }

    @Test
    void shouldDescribeItsEvents() {
        Events events = filled(Events.withCapacity(4), new long[] {1, 2, 3},
                new int[] {Interest.READABLE, Interest.WRITABLE, Interest.BOTH});
        assertEquals("Events[size=3, capacity=4: 1r, 2w, 3rw]", events.toString());
        assertEquals("Events[size=0, capacity=1]", Events.withCapacity(1).toString());
    }

    private static Events filled(Events events, long[] keys, int[] readiness) {
        System.arraycopy(keys, 0, events.keys, 0, keys.length);
        System.arraycopy(readiness, 0, events.readiness, 0, readiness.length);
        events.size = keys.length;
        return events;
    }
}
