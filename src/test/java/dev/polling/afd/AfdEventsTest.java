package dev.polling.afd;

import static dev.polling.afd.AfdAbi.AFD_POLL_ABORT;
import static dev.polling.afd.AfdAbi.AFD_POLL_ACCEPT;
import static dev.polling.afd.AfdAbi.AFD_POLL_CONNECT_FAIL;
import static dev.polling.afd.AfdAbi.AFD_POLL_DISCONNECT;
import static dev.polling.afd.AfdAbi.AFD_POLL_LOCAL_CLOSE;
import static dev.polling.afd.AfdAbi.AFD_POLL_RECEIVE;
import static dev.polling.afd.AfdAbi.AFD_POLL_RECEIVE_EXPEDITED;
import static dev.polling.afd.AfdAbi.AFD_POLL_SEND;
import static dev.polling.spi.Interest.BOTH;
import static dev.polling.spi.Interest.NONE;
import static dev.polling.spi.Interest.READABLE;
import static dev.polling.spi.Interest.WRITABLE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The interest ↔ AFD bit mapping and the AFD constants (docs/NATIVE.md). */
class AfdEventsTest {
    @Test
    void shouldPollForErrorsWithAnyInterest() {
        int read = AFD_POLL_RECEIVE | AFD_POLL_ACCEPT | AFD_POLL_DISCONNECT | AFD_POLL_RECEIVE_EXPEDITED;
        int errors = AFD_POLL_ABORT | AFD_POLL_CONNECT_FAIL;
        assertEquals(0, AfdEvents.maskFor(NONE));
        assertEquals(read | errors, AfdEvents.maskFor(READABLE));
        assertEquals(AFD_POLL_SEND | errors, AfdEvents.maskFor(WRITABLE));
        assertEquals(read | AFD_POLL_SEND | errors, AfdEvents.maskFor(BOTH));
    }

    @Test
    void shouldMapResultsToReadiness() {
        assertEquals(READABLE, AfdEvents.readiness(AFD_POLL_RECEIVE));
        assertEquals(READABLE, AfdEvents.readiness(AFD_POLL_ACCEPT));
        assertEquals(READABLE, AfdEvents.readiness(AFD_POLL_DISCONNECT));
        assertEquals(READABLE, AfdEvents.readiness(AFD_POLL_RECEIVE_EXPEDITED));
        assertEquals(WRITABLE, AfdEvents.readiness(AFD_POLL_SEND));
        assertEquals(BOTH, AfdEvents.readiness(AFD_POLL_RECEIVE | AFD_POLL_SEND));
        assertEquals(BOTH, AfdEvents.readiness(AFD_POLL_ABORT));
        assertEquals(BOTH, AfdEvents.readiness(AFD_POLL_CONNECT_FAIL));
        assertEquals(0, AfdEvents.readiness(AFD_POLL_LOCAL_CLOSE));
        assertEquals(0, AfdEvents.readiness(0x040), "AFD_POLL_CONNECT is never used");
    }

    @Test
    void shouldUseTheDocumentedValues() {
        assertEquals(0x00012024, AfdAbi.IOCTL_AFD_POLL);
        assertEquals((0x12 << 12) | (9 << 2), AfdAbi.IOCTL_AFD_POLL);
        assertEquals(0x020, AFD_POLL_LOCAL_CLOSE);
        assertEquals(0x48000022, AfdAbi.SIO_BASE_HANDLE);
        assertEquals(0x4800001D, AfdAbi.SIO_BSP_HANDLE_POLL);
        assertEquals(0xC0000120, AfdAbi.STATUS_CANCELLED);
        assertEquals(0xC0000225, AfdAbi.STATUS_NOT_FOUND);
    }
}
