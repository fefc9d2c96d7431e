package dev.polling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

import dev.polling.detection.BackendDetector;
import dev.polling.spi.Platform;

class BackendTest {

    @Test
    void shouldNameItselfAsTheBackendPropertyAcceptsIt() {
        assertEquals("epoll", Backend.EPOLL.propertyName());
        assertEquals("event_ports", Backend.EVENT_PORTS.propertyName());
        for (Backend b : Backend.values()) {
            assertEquals(b, BackendDetector.parse(b.propertyName()));
        }
    }

    @Test
    void shouldBeUnavailableWhereItsOsIsMissing() {
        assumeTrue(Platform.current().os() != Platform.Os.WINDOWS, "AFD exists on Windows");
        assertFalse(Backend.AFD.isAvailable());
        assertNotNull(BackendDetector.unavailableReason(Backend.AFD));
    }

    @Test
    void shouldAgreeWithDetectorOnAvailability() {
        for (Backend b : Backend.values()) {
            assertEquals(BackendDetector.unavailableReason(b) == null, b.isAvailable(), b.name());
        }
    }
}
