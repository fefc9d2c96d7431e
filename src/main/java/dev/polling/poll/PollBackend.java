package dev.polling.poll;

import java.io.IOException;

import dev.polling.spi.PollerBackend;

/** The POLL backend (not written yet). */
public final class PollBackend {
    private PollBackend() {
    }

    /** Opens a poller backend. */
    public static PollerBackend open() throws IOException {
        throw new IOException("the POLL backend is not implemented yet");
    }
}
