package dev.polling.conformance;

import dev.polling.Backend;

/** The conformance suite on {@link Backend#SELECTOR}; skipped with the reason where it cannot run. */
class SelectorConformanceTest extends PollerConformanceTest {
    SelectorConformanceTest() {
        super(Backend.SELECTOR);
    }
}
