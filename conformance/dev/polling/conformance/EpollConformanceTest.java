package dev.polling.conformance;

import dev.polling.Backend;

/** The conformance suite on {@link Backend#EPOLL}; skipped with the reason where it cannot run. */
class EpollConformanceTest extends PollerConformanceTest {
    EpollConformanceTest() {
        super(Backend.EPOLL);
    }
}
