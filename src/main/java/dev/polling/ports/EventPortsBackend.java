package dev.polling.ports;

import java.io.IOException;

import dev.polling.spi.PollerBackend;

/** The EVENT_PORTS backend (not written yet). */
public final class EventPortsBackend {
    private EventPortsBackend() {
    }

    /** Opens a poller backend. */
    public static PollerBackend open() throws IOException {
        throw new IOException("the EVENT_PORTS backend is not implemented yet");
    }
}
