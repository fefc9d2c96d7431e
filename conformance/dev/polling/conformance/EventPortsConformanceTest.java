package dev.polling.conformance;

import dev.polling.Backend;

/** The conformance suite on {@link Backend#EVENT_PORTS}; skipped with the reason where it cannot run. */
class EventPortsConformanceTest extends PollerConformanceTest {
    EventPortsConformanceTest() {
        super(Backend.EVENT_PORTS);
    }
}
