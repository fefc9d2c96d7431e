package dev.polling.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.polling.Backend;
import dev.polling.spi.NativeLibraries;
import dev.polling.spi.Platform;
import dev.polling.spi.PollerBackend;

/** IO_URING is opt-in: never picked by detection, opened only by name, unavailable with a reason. */
class IoUringDetectionTest {
    private static final String LIBRARY_PROPERTY = NativeLibraries.libraryProperty("io_uring");

    @AfterEach
    void tearDown() {
        System.clearProperty(BackendDetector.BACKEND_PROPERTY);
        System.clearProperty(LIBRARY_PROPERTY);
    }

    @Test
    void shouldNeverPreferIoUringOnAnyOs() {
        for (Platform.Os os : Platform.Os.values()) {
            assertNotEquals(Backend.IO_URING, BackendDetector.preferredFor(new Platform(os, 6, "amd64")), os.name());
        }
    }

    @Test
    void shouldNotOpenIoUringByDefault() throws IOException {
        try (PollerBackend backend = BackendDetector.openDefault()) {
            assertNotEquals(Backend.IO_URING, backend.kind());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"io_uring", "IO_URING", "io-uring", " Io_Uring ", "iouring", "uring"})
    void shouldParseIoUringNames(String name) {
        assertEquals(Backend.IO_URING, BackendDetector.parse(name));
    }

    @Test
    void shouldOpenIoUringWhenForcedByName() throws IOException {
        assumeTrue(Backend.IO_URING.isAvailable(), () -> "IO_URING unavailable: " + BackendDetector.unavailableReason(Backend.IO_URING));
        System.setProperty(BackendDetector.BACKEND_PROPERTY, "io_uring");
        try (PollerBackend backend = BackendDetector.openDefault()) {
            assertEquals(Backend.IO_URING, backend.kind());
        }
    }

    @Test
    void shouldBeUnavailableNamingTheBackendAndTheReason() {
        System.setProperty(LIBRARY_PROPERTY, "no-such-library-xyz");
        String reason = BackendDetector.unavailableReason(Backend.IO_URING);
        assertNotNull(reason);
        assertTrue(reason.contains("IO_URING"), reason);
        assertTrue(reason.contains("no-such-library-xyz") || !Platform.current().os().equals(Platform.Os.LINUX), reason);
    }
}
