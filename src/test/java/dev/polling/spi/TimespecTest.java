package dev.polling.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import dev.polling.testsupport.HeapBuffer;

class TimespecTest {

    @Test
    void shouldSplitNanosIntoSecondsAndNanos() {
        try (NativeBuffer ts = HeapBuffer.allocate(Timespec.SIZE)) {
            Timespec.set(ts, 3_000_000_123L);
            assertEquals(3, ts.getLong(Timespec.TV_SEC));
            assertEquals(123, ts.getLong(Timespec.TV_NSEC));
        }
    }

    @Test
    void shouldCapLongWaitsAtTheLimitKqueueAndPortsAccept() {
        try (NativeBuffer ts = HeapBuffer.allocate(Timespec.SIZE)) {
            Timespec.setCapped(ts, Long.MAX_VALUE);
            assertEquals(Timespec.MAX_WAIT_SECONDS, ts.getLong(Timespec.TV_SEC));
            assertEquals(0, ts.getLong(Timespec.TV_NSEC));

            Timespec.setCapped(ts, 1_500_000_000L);
            assertEquals(1, ts.getLong(Timespec.TV_SEC));
            assertEquals(500_000_000L, ts.getLong(Timespec.TV_NSEC));
        }
    }
}
