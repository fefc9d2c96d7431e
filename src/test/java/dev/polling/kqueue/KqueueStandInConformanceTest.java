package dev.polling.kqueue;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;

import dev.polling.Backend;
import dev.polling.conformance.PollerConformanceTest;

/**
 * The shared conformance suite on {@link Backend#KQUEUE}, bound on Linux to the kqueue stand-in
 * ({@code fake_kqueue.c}, FreeBSD's 32-byte ABI) through {@code -Dpolling.kqueue.library}. It checks
 * the backend's semantics over an emulation, not a real kernel; where the stand-in cannot be built
 * the suite is skipped with the reason the backend gives.
 */
class KqueueStandInConformanceTest extends PollerConformanceTest {
    private static final String PROPERTY = "polling.kqueue.library";
    private final String previous;

    KqueueStandInConformanceTest() {
        super(Backend.KQUEUE);
        previous = System.getProperty(PROPERTY);
        Path library = KqueueStandIn.library(32);
        if (library != null) {
            System.setProperty(PROPERTY, library.toString()); // read when each poller opens
        }
    }

    @AfterAll
    void restoreLibrary() {
        if (previous == null) {
            System.clearProperty(PROPERTY);
        } else {
            System.setProperty(PROPERTY, previous);
        }
    }
}
