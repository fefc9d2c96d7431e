package dev.polling.afd;

import dev.polling.PollMode;
import dev.polling.spi.NativeBuffer;
import dev.polling.spi.NativeOs;

/**
 * One registered socket: its user registration, and the state of its one outstanding
 * {@code IOCTL_AFD_POLL} (wepoll's {@code sock_state}). The two native blocks are the request's
 * {@code IO_STATUS_BLOCK} and {@code AFD_POLL_INFO}; the kernel writes them when the request
 * completes, so they are freed only once no request is outstanding. Used under the backend's lock.
 */
final class AfdSocket {
    /** No request outstanding. */
    static final int IDLE = 0;
    /** A request is outstanding; its completion packet will come. */
    static final int PENDING = 1;
    /** A cancel was issued; the completion packet (usually STATUS_CANCELLED) will still come. */
    static final int CANCELLED = 2;

    final int socket;
    final long baseHandle;
    /** The request's ApcContext, returned as the completion's lpOverlapped: slot index + 1, never 0. */
    final long token;
    final AfdHelpers.Helper helper;
    final NativeBuffer iosb;
    final NativeBuffer info;

    long key;
    int interest;
    boolean oneshot;
    /** Whether an event may still be reported (false once a oneshot event was stored, until modify). */
    boolean armed;

    int pollStatus = IDLE;
    /** The AFD mask of the outstanding request. */
    int pendingMask;
    /** Deleted by the user: free once no request is outstanding, report nothing. */
    boolean deletePending;
    /** The socket handle was closed (LOCAL_CLOSE, or ERROR_INVALID_HANDLE on submit): nothing more to poll. */
    boolean closed;
    /** In the update queue. */
    boolean queued;
    /** The native blocks were freed and the slot returned. */
    boolean released;

    AfdSocket(NativeOs os, int socket, long baseHandle, long token, AfdHelpers.Helper helper) {
        this.socket = socket;
        this.baseHandle = baseHandle;
        this.token = token;
        this.helper = helper;
        this.iosb = os.allocate(IoStatusBlockLayout.SIZE);
        this.info = os.allocate(AfdPollInfoLayout.SIZE);
    }

    /** Sets the user registration and arms it. */
    void arm(long userKey, int interestBits, PollMode mode) {
        key = userKey;
        interest = interestBits;
        oneshot = mode == PollMode.ONESHOT;
        armed = true;
    }

    @Override
    public String toString() {
        return "AfdSocket[" + socket + ", status=" + pollStatus + ", pending=0x" + Integer.toHexString(pendingMask)
                + (deletePending ? ", deleted" : "") + (closed ? ", closed" : "") + "]";
    }
}
