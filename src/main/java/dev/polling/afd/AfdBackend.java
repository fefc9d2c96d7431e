package dev.polling.afd;

import java.io.IOException;

import dev.polling.spi.PollerBackend;

/** The AFD backend (not written yet). */
public final class AfdBackend {
    private AfdBackend() {
    }

    /** Opens a poller backend. */
    public static PollerBackend open() throws IOException {
        throw new IOException("the AFD backend is not implemented yet");
    }
}
