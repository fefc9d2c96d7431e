package dev.polling.conformance;

import dev.polling.Backend;

/** The conformance suite on {@link Backend#KQUEUE}; skipped with the reason where it cannot run. */
class KqueueConformanceTest extends PollerConformanceTest {
    KqueueConformanceTest() {
        super(Backend.KQUEUE);
    }
}
