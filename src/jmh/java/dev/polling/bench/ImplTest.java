package dev.polling.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.polling.Backend;
import dev.polling.PollMode;

class ImplTest {
    @Test
    void shouldParseBackendModeAndDescriptorKind() {
        Impl impl = Impl.parse("epoll-edge-raw");

        assertEquals(Backend.EPOLL, impl.backend());
        assertEquals(PollMode.EDGE, impl.mode());
        assertTrue(impl.raw());
        assertFalse(impl.isJdkSelector());
    }

    @Test
    void shouldParseThePlainSelectorAsLevelTriggeredChannels() {
        Impl impl = Impl.parse("jdk-selector");

        assertTrue(impl.isJdkSelector());
        assertNull(impl.backend());
        assertEquals(PollMode.LEVEL, impl.mode());
        assertFalse(impl.raw());
    }

    @Test
    void shouldBuildTheSameNameItParses() {
        assertEquals("poll-oneshot-chan", Impl.of(Backend.POLL, PollMode.ONESHOT, false).name());
    }

    @Test
    void shouldRejectRawDescriptorsOnTheSelectorBackend() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Impl.parse("selector-level-raw"));

        assertTrue(e.getMessage().contains("channels only"), e.getMessage());
    }

    @Test
    void shouldRejectANameWithoutDescriptorKind() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Impl.parse("epoll-oneshot"));

        assertTrue(e.getMessage().contains("backend-mode-raw|chan"), e.getMessage());
    }
}
