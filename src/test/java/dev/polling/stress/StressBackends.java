package dev.polling.stress;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;

import dev.polling.Backend;
import dev.polling.Poller;
import dev.polling.detection.BackendDetector;

/**
 * The backends the stress suite runs on (the ones Linux has: EPOLL, POLL, SELECTOR, IO_URING), opened so
 * that one not available here is reported as skipped with the reason, never passed.
 */
final class StressBackends {
    private StressBackends() {
    }

    /** {@code -Dpolling.stress.backends=IO_URING,EPOLL} runs only those backends; the others are skipped saying so. */
    static final String BACKENDS_PROPERTY = "polling.stress.backends";

    /** A poller on {@code backend}, or a JUnit abort (skip) saying why it cannot open here. */
    static Poller open(Backend backend) throws IOException {
        String selected = System.getProperty(BACKENDS_PROPERTY);
        assumeTrue(selected == null || selected.isBlank() || java.util.Arrays.stream(selected.split(","))
                .anyMatch(name -> !name.isBlank() && BackendDetector.parse(name) == backend),
                () -> backend + " not selected by -D" + BACKENDS_PROPERTY + "=" + selected);
        String reason = BackendDetector.unavailableReason(backend);
        assumeTrue(reason == null, () -> backend + " is not available here: " + reason);
        return Poller.create(backend);
    }

    /** Skips the test where {@code /proc/self/fd} (Linux) cannot count descriptors. */
    static void assumeDescriptorCount() {
        assumeTrue(ProcFs.hasDescriptorTable(), "needs Linux's /proc/self/fd");
    }

    /** Skips the test where {@code /proc} (Linux) cannot tell which system call a thread waits in. */
    static void assumeProcFs() {
        assumeTrue(ProcFs.isAvailable(), () -> "needs Linux's /proc/self with readable /proc/thread-self/syscall on a known CPU ("
                + System.getProperty("os.arch") + ")");
    }
}
