package dev.polling.testing;

import java.io.IOException;

import dev.polling.spi.PollerBackend;

/** A deterministic poller for unit tests (not written yet). */
public final class MockPoller {
    private MockPoller() {
    }

    /** Opens the mock backend for {@code Poller.create(Backend.MOCK)}. */
    public static PollerBackend openBackend() throws IOException {
        throw new IOException("the MOCK backend is not implemented yet");
    }
}
