package dev.polling.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The ring's own bookkeeping, on the plain Selector loop (which needs no backend of this library). */
class RingWorkloadTest {
    private static final Duration GENEROUS = Duration.ofSeconds(10);

    @Test
    void shouldMoveEveryTokenAndKeepThemAll() throws IOException {
        try (RingWorkload ring = RingWorkload.open(Impl.jdkSelector(), 8, 3, 0, GENEROUS)) {
            while (ring.events < 10_000) {
                assertTrue(ring.step() > 0, "a ring with tokens in flight always has an event");
            }

            assertNull(ring.check(false));
        }
    }

    @Test
    void shouldReportATokenThatWentMissing() throws IOException {
        try (RingWorkload ring = RingWorkload.open(Impl.jdkSelector(), 4, 2, 0, GENEROUS)) {
            ring.step();
            // steal one byte behind the ring's back: the check must notice
            int stolen = 0;
            for (int i = 0; i < 4 && stolen == 0; i++) {
                stolen = ring.pipes.read(i, false);
            }
            assertEquals(1, stolen);

            String problem = ring.check(false);

            assertNotNull(problem);
            assertTrue(problem.contains("2 put in, 1 left"), problem);
        }
    }

    @Test
    void shouldCountAnEventWithoutDataAsWrongOutsideEdgeMode() throws IOException {
        try (RingWorkload ring = RingWorkload.open(Impl.jdkSelector(), 2, 1, 0, GENEROUS)) {
            ring.forward(1, false); // pipe 1 holds no token

            assertEquals(1, ring.emptyReads);
            assertTrue(ring.check(false).contains("no byte"));
        }
    }

    @Test
    void shouldAcceptAnEventWithoutDataInEdgeMode() throws IOException {
        try (RingWorkload ring = RingWorkload.open(Impl.jdkSelector(), 2, 1, 0, GENEROUS)) {
            ring.forward(1, true); // an edge already drained by an earlier event

            assertEquals(1, ring.emptyReads);
            assertNull(ring.check(true));
        }
    }

    @Test
    void shouldRejectMoreTokensThanPipes() {
        assertThrows(IllegalArgumentException.class, () -> RingWorkload.open(Impl.jdkSelector(), 2, 3, 0, GENEROUS));
    }

    @Test
    void shouldIgnoreAnIdleSourceWithoutLosingTheRing() throws IOException {
        try (RingWorkload ring = RingWorkload.open(Impl.jdkSelector(), 1, 1, 5, GENEROUS)) {
            for (int i = 0; i < 100; i++) {
                assertEquals(1, ring.step(), "only the ring's pipe is ever ready");
            }

            assertNull(ring.check(false));
        }
    }
}
