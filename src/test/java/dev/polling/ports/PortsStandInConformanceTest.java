package dev.polling.ports;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;

import dev.polling.Backend;
import dev.polling.conformance.PollerConformanceTest;

/**
 * The shared conformance suite on {@link Backend#EVENT_PORTS}, bound on Linux to the event-port
 * stand-in ({@code fake_ports.c}) through {@code -Dpolling.event_ports.library}. It checks the backend's
 * semantics over an emulation, not illumos; where the stand-in cannot be built the suite is skipped
 * with the reason the backend gives.
 */
class PortsStandInConformanceTest extends PollerConformanceTest {
    private static final String PROPERTY = "polling.event_ports.library";
    private final String previous;

    PortsStandInConformanceTest() {
        super(Backend.EVENT_PORTS);
        previous = System.getProperty(PROPERTY);
        Path library = PortsStandIn.library();
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
