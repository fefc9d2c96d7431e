package dev.polling.afd;

import static dev.polling.afd.AfdAbi.AFD_POLL_ABORT;
import static dev.polling.afd.AfdAbi.AFD_POLL_ACCEPT;
import static dev.polling.afd.AfdAbi.AFD_POLL_CONNECT_FAIL;
import static dev.polling.afd.AfdAbi.AFD_POLL_DISCONNECT;
import static dev.polling.afd.AfdAbi.AFD_POLL_RECEIVE;
import static dev.polling.afd.AfdAbi.AFD_POLL_RECEIVE_EXPEDITED;
import static dev.polling.afd.AfdAbi.AFD_POLL_SEND;

import dev.polling.spi.Interest;

/** Interest ↔ AFD event bits, as the Rust polling crate maps them (docs/NATIVE.md). */
final class AfdEvents {
    private static final int READ_EVENTS = AFD_POLL_RECEIVE | AFD_POLL_ACCEPT | AFD_POLL_DISCONNECT | AFD_POLL_RECEIVE_EXPEDITED;
    private static final int ERROR_EVENTS = AFD_POLL_ABORT | AFD_POLL_CONNECT_FAIL;

    private AfdEvents() {
    }

    /**
     * The AFD mask to poll for {@link Interest} bits: any interest adds abort and connect-failure,
     * readable adds receive/accept/disconnect/expedited, writable adds send; none is 0. (Never
     * {@code AFD_POLL_CONNECT}: it fires for every event of a connected socket, wepoll 8b7b340.)
     */
    static int maskFor(int interest) {
        if ((interest & Interest.BOTH) == 0) {
            return 0;
        }
        int mask = ERROR_EVENTS;
        if ((interest & Interest.READABLE) != 0) {
            mask |= READ_EVENTS;
        }
        if ((interest & Interest.WRITABLE) != 0) {
            mask |= AFD_POLL_SEND;
        }
        return mask;
    }

    /** Readable for receive/accept/disconnect/expedited, writable for send, both for abort or connect failure. */
    static int readiness(int afdEvents) {
        if ((afdEvents & ERROR_EVENTS) != 0) {
            return Interest.BOTH;
        }
        int r = 0;
        if ((afdEvents & READ_EVENTS) != 0) {
            r |= Interest.READABLE;
        }
        if ((afdEvents & AFD_POLL_SEND) != 0) {
            r |= Interest.WRITABLE;
        }
        return r;
    }
}
