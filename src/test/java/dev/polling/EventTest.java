package dev.polling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.LongFunction;

import org.junit.jupiter.api.Test;

import dev.polling.spi.Interest;

class EventTest {

    @Test
    void shouldCarryKeyAndInterestOfEachFactory() {
        assertInterest(Event.readable(7), 7, true, false, Interest.READABLE);
        assertInterest(Event.writable(8), 8, false, true, Interest.WRITABLE);
        assertInterest(Event.all(9), 9, true, true, Interest.BOTH);
        assertInterest(Event.none(10), 10, false, false, Interest.NONE);
    }

    @Test
    void shouldKeepEverySixtyFourBitKeyButTheReservedOne() {
        for (long key : new long[] {Long.MIN_VALUE, Long.MAX_VALUE, 0, -2, 0xFFFF_FFFFL}) {
            assertEquals(key, Event.readable(key).key());
        }
    }

    @Test
    void shouldRejectReservedKeyInEveryFactory() {
        for (LongFunction<Event> factory : java.util.List.<LongFunction<Event>>of(
                Event::readable, Event::writable, Event::all, Event::none)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> factory.apply(Event.RESERVED_KEY));
            assertTrue(e.getMessage().contains("reserved"), e.getMessage());
        }
        assertEquals(-1L, Event.RESERVED_KEY);
    }

    @Test
    void shouldCompareByKeyAndInterest() {
        assertEquals(Event.readable(1), Event.readable(1));
        assertEquals(Event.readable(1).hashCode(), Event.readable(1).hashCode());
        assertNotEquals(Event.readable(1), Event.readable(2));
        assertNotEquals(Event.readable(1), Event.writable(1));
        assertNotEquals(Event.all(1), Event.none(1));
        assertNotEquals(Event.readable(1), "Event[key=1]");
        assertNotEquals(Event.readable(1), null);
    }

    @Test
    void shouldDescribeItself() {
        assertEquals("Event[key=3, readable=true, writable=false]", Event.readable(3).toString());
        assertEquals("Event[key=4, readable=true, writable=true]", Event.all(4).toString());
    }

    private static void assertInterest(Event event, long key, boolean readable, boolean writable, int bits) {
        assertEquals(key, event.key());
        assertEquals(readable, event.readable());
        assertEquals(writable, event.writable());
        assertEquals(bits, event.interestBits());
    }
}
