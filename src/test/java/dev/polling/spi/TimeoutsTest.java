package dev.polling.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class TimeoutsTest {

    @Test
    void shouldMapNullToInfinite() {
        assertEquals(Timeouts.INFINITE, Timeouts.toNanos(null));
    }

    @Test
    void shouldKeepNanosecondsExactly() {
        assertEquals(0, Timeouts.toNanos(Duration.ZERO));
        assertEquals(1, Timeouts.toNanos(Duration.ofNanos(1)));
        assertEquals(300_000, Timeouts.toNanos(Duration.ofNanos(300_000)));
        assertEquals(2_000_000_000L, Timeouts.toNanos(Duration.ofSeconds(2)));
        assertEquals(Long.MAX_VALUE, Timeouts.toNanos(Duration.ofNanos(Long.MAX_VALUE)));
    }

    @Test
    void shouldTreatDurationsBeyondLongNanosAsInfinite() {
        assertEquals(Timeouts.INFINITE, Timeouts.toNanos(Duration.ofSeconds(Long.MAX_VALUE)));
        assertEquals(Timeouts.INFINITE, Timeouts.toNanos(Duration.ofDays(365L * 1000)));
    }

    @Test
    void shouldRejectNegativeDurations() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Timeouts.toNanos(Duration.ofNanos(-1)));
        assertEquals("timeout must not be negative, was PT-0.000000001S", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Timeouts.toNanos(Duration.ofSeconds(Long.MIN_VALUE)));
    }

    @Test
    void shouldRoundMillisecondsUpNeverDown() {
        assertEquals(0, Timeouts.toMillisRoundedUp(0));
        assertEquals(1, Timeouts.toMillisRoundedUp(1));
        assertEquals(1, Timeouts.toMillisRoundedUp(300_000));
        assertEquals(1, Timeouts.toMillisRoundedUp(999_999));
        assertEquals(1, Timeouts.toMillisRoundedUp(1_000_000));
        assertEquals(2, Timeouts.toMillisRoundedUp(1_000_001));
        assertEquals(1_000, Timeouts.toMillisRoundedUp(999_999_999));
    }

    @Test
    void shouldCapMillisecondsAndKeepInfinite() {
        assertEquals(Integer.MAX_VALUE, Timeouts.toMillisRoundedUp(Long.MAX_VALUE));
        assertEquals(Integer.MAX_VALUE, Timeouts.toMillisRoundedUp(Integer.MAX_VALUE * 1_000_000L + 1));
        assertEquals(-1, Timeouts.toMillisRoundedUp(Timeouts.INFINITE));
        assertEquals(-1, Timeouts.toMillisRoundedUp(Long.MIN_VALUE));
    }
}
