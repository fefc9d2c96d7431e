package dev.polling.stress;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;

import dev.polling.Backend;
import dev.polling.Poller;
import dev.polling.detection.BackendDetector;

/**
 * The backends the stress suite runs on (the ones Linux has: EPOLL, POLL, SELECTOR), opened so
 * that one not available here is reported as skipped with the reason, never passed.
 */
final class StressBackends {
    private StressBackends() {
    }

    /** A poller on {@code backend}, or a JUnit abort (skip) saying why it cannot open here. */
    static Poller open(Backend backend) throws IOException {
        String reason = BackendDetector.unavailableReason(backend);
        assumeTrue(reason == null, () -> backend + " is not available here: " + reason);
        return Poller.create(backend);
    }

    /** Skips the test where {@code /proc} (Linux) cannot be read. */
    static void assumeProcFs() {
        assumeTrue(ProcFs.isAvailable(), "needs Linux's /proc/self");
    }
}
