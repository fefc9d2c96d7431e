package dev.polling.conformance;

import dev.polling.Backend;

/** The conformance suite on {@link Backend#IO_URING}; skipped with the reason where it cannot run. */
class IoUringConformanceTest extends PollerConformanceTest {
    IoUringConformanceTest() {
        super(Backend.IO_URING);
    }
}
