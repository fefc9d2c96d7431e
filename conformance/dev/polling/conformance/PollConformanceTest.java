package dev.polling.conformance;

import dev.polling.Backend;

/** The conformance suite on {@link Backend#POLL}; skipped with the reason where it cannot run. */
class PollConformanceTest extends PollerConformanceTest {
    PollConformanceTest() {
        super(Backend.POLL);
    }
}
