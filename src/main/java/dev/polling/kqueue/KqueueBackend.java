package dev.polling.kqueue;

import java.io.IOException;

import dev.polling.spi.PollerBackend;

/** The KQUEUE backend (not written yet). */
public final class KqueueBackend {
    private KqueueBackend() {
    }

    /** Opens a poller backend. */
    public static PollerBackend open() throws IOException {
        throw new IOException("the KQUEUE backend is not implemented yet");
    }
}
