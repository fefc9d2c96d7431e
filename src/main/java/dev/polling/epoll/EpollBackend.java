package dev.polling.epoll;

import java.io.IOException;

import dev.polling.spi.PollerBackend;

/** The EPOLL backend (not written yet). */
public final class EpollBackend {
    private EpollBackend() {
    }

    /** Opens a poller backend. */
    public static PollerBackend open() throws IOException {
        throw new IOException("the EPOLL backend is not implemented yet");
    }
}
