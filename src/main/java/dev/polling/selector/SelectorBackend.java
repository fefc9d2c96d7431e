package dev.polling.selector;

import java.io.IOException;

import dev.polling.spi.PollerBackend;

/** The SELECTOR backend (not written yet). */
public final class SelectorBackend {
    private SelectorBackend() {
    }

    /** Opens a poller backend. */
    public static PollerBackend open() throws IOException {
        throw new IOException("the SELECTOR backend is not implemented yet");
    }
}
