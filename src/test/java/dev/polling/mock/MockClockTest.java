package dev.polling.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MockClockTest {
    @Test
    void shouldMoveAManualClockOnlyWhenAdvanced() {
        MockClock clock = new MockClock(MockConfig.Clock.MANUAL);
        long deadline = clock.deadline(100);
        assertEquals(-1, clock.waitFor(deadline), "wait for the test, without a real-time limit");

        clock.advance(99);
        assertEquals(-1, clock.waitFor(deadline));
        clock.advance(1);
        assertEquals(0, clock.waitFor(deadline));
        assertEquals(100, clock.now());
    }

    @Test
    void shouldJumpAnAutoClockToTheDeadline() {
        MockClock clock = new MockClock(MockConfig.Clock.AUTO);
        clock.advance(5);
        assertEquals(0, clock.waitFor(clock.deadline(1_000)));
        assertEquals(1_005, clock.now());
    }

    @Test
    void shouldWaitARealClockForTheRealTimeLeft() {
        MockClock clock = new MockClock(MockConfig.Clock.REAL);
        long deadline = clock.deadline(60_000_000_000L);
        long wait = clock.waitFor(deadline);
        assertTrue(wait > 0 && wait <= 60_000_000_000L, "wait " + wait);

        clock.advance(60_000_000_000L);
        assertEquals(0, clock.waitFor(deadline), "advancing a real clock ends the wait");
    }

    @Test
    void shouldSaturate() {
        MockClock clock = new MockClock(MockConfig.Clock.MANUAL);
        clock.advance(Long.MAX_VALUE);
        clock.advance(Long.MAX_VALUE);
        assertEquals(Long.MAX_VALUE, clock.now());
        assertEquals(Long.MAX_VALUE, clock.deadline(1));
        assertEquals(Long.MIN_VALUE, MockClock.saturatedAdd(Long.MIN_VALUE, -1));
    }
}
