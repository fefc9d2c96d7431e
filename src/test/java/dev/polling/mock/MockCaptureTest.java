package dev.polling.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import dev.polling.spi.PollerBackend;

class MockCaptureTest {
    @Test
    void shouldHandTheOpenedBackendWithItsConfigurationToTheCapture() {
        MockConfig config = new MockConfig(false, true, false, MockConfig.Clock.AUTO);
        PollerBackend opened;
        MockBackend captured;
        try (MockCapture capture = MockCapture.start(config)) {
            opened = MockBackend.open();
            captured = capture.opened();
        }
        assertSame(opened, captured);
        assertFalse(opened.supportsLevel());
        assertFalse(opened.supportsRawDescriptors());
        assertNull(MockCapture.current(), "closing ends the capture");
        assertNotSame(opened, MockBackend.open());
    }

    @Test
    void shouldSayWhenNothingWasOpened() {
        try (MockCapture capture = MockCapture.start(MockConfig.DEFAULT)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, capture::opened);
            assertEquals("no mock backend was opened while capturing", e.getMessage());
        }
    }
}
