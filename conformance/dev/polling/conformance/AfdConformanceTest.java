package dev.polling.conformance;

import dev.polling.Backend;

/** The conformance suite on {@link Backend#AFD}; skipped with the reason where it cannot run. */
class AfdConformanceTest extends PollerConformanceTest {
    AfdConformanceTest() {
        super(Backend.AFD);
    }
}
