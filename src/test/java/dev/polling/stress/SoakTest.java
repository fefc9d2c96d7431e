package dev.polling.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.polling.Backend;
import dev.polling.Poller;

/**
 * The soak ({@link Soak}): at least {@link StressSettings#SOAK_EVENTS} events over
 * {@link StressSettings#SOAK_SOURCES} pipes in ONESHOT while another thread deletes, re-adds,
 * re-keys and silences sources; every byte is read exactly once, no event is duplicated, none
 * arrives for a deleted or replaced key. {@code -Dpolling.stress.events=10000000} for the long run.
 */
@Timeout(value = 30, unit = java.util.concurrent.TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SoakTest {
    /** Between two mutations: enough churn to race every re-arm, not enough to starve the poller. */
    private static final long MUTATOR_PAUSE_NANOS = 20_000;

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Backend.class, names = {"EPOLL", "POLL", "SELECTOR", "IO_URING"})
    void shouldObserveEveryByteOnceWhileSourcesChurn(Backend backend) throws Exception {
        long start = System.nanoTime();
        try (Poller poller = StressBackends.open(backend);
             Pipes pipes = Pipes.open(StressSettings.SOAK_SOURCES)) {
            Soak soak = new Soak(poller, pipes);

            boolean finished = soak.run(StressSettings.SOAK_EVENTS, StressSettings.CEILING, MUTATOR_PAUSE_NANOS);

            StressReport.print("soak", backend, soak.counts() + " seconds=" + StressReport.secondsSince(start));
            assertTrue(finished, () -> backend + ": no event for " + StressSettings.CEILING + " with "
                    + (soak.bytesWritten - soak.bytesRead) + " bytes unread (a lost event):" + unread(soak));
            assertEquals(0, soak.violationCount(), () -> backend + ": " + soak.violations());
            assertEquals(soak.bytesWritten, soak.bytesRead, backend + ": bytes written and read differ");
            assertTrue(soak.events >= StressSettings.SOAK_EVENTS, backend + ": too few events");
            assertTrue(soak.deletes > 0 && soak.readds > 0 && soak.rekeys > 0 && soak.silences > 0,
                    () -> backend + ": the mutator did not churn: " + soak.counts());
        }
    }

    private static String unread(Soak soak) {
        try {
            return soak.unreadSources();
        } catch (java.io.IOException e) {
            return " (could not read the pipes: " + e + ")";
        }
    }
}
