package dev.polling.afd;

import static dev.polling.afd.AfdAbi.AFD_POLL_LOCAL_CLOSE;
import static dev.polling.afd.AfdAbi.ERROR_INVALID_HANDLE;
import static dev.polling.afd.AfdAbi.IOCTL_AFD_POLL;
import static dev.polling.afd.AfdAbi.STATUS_CANCELLED;
import static dev.polling.afd.AfdAbi.STATUS_NOT_FOUND;
import static dev.polling.afd.AfdAbi.STATUS_PENDING;
import static dev.polling.afd.AfdAbi.STATUS_SUCCESS;

import java.io.IOException;

import dev.polling.PollMode;
import dev.polling.spi.Interest;
import dev.polling.spi.NativeBuffer;
import dev.polling.spi.NativeOs;

/**
 * One registered socket and the state machine of its one outstanding {@code IOCTL_AFD_POLL}
 * (wepoll's {@code sock_state}): IDLE (no request), PENDING (a request is outstanding, its
 * completion packet will come), CANCELLED (a cancel was issued; the packet, usually
 * STATUS_CANCELLED, will still come). The socket decides every transition itself —
 * {@link #update} issues, keeps or cancels the request, {@link #complete} reads a completion,
 * {@link #delete} ends the registration — and tells the backend only what is left to it: when the
 * socket may be freed ({@link #isDone()}) and when it wants another {@link #update}.
 *
 * <p>The two native blocks are the request's {@code IO_STATUS_BLOCK} and {@code AFD_POLL_INFO};
 * the kernel writes them when the request completes, so they are freed only once no request is
 * outstanding. Used under the backend's lock.
 */
final class AfdSocket {
    private static final System.Logger LOG = System.getLogger("dev.polling");

    private static final int IDLE = 0;
    private static final int PENDING = 1;
    private static final int CANCELLED = 2;

    /** The socket handle value the user registered. */
    final int socket;
    /** The request's ApcContext, returned as the completion's lpOverlapped: slot index + 1, never 0. */
    final long token;
    final AfdHelpers.Helper helper;
    private final long baseHandle;
    private final NativeBuffer iosb;
    private final NativeBuffer info;

    private long key;
    private int interest;
    private boolean oneshot;
    /** Whether an event may still be reported (false once a oneshot event was stored, until modify). */
    private boolean armed;

    private int pollStatus = IDLE;
    /** The AFD mask of the outstanding request. */
    private int pendingMask;
    /** Deleted by the user: free once no request is outstanding, report nothing. */
    private boolean deletePending;
    /** The socket handle was closed (LOCAL_CLOSE, or ERROR_INVALID_HANDLE on submit): nothing more to poll. */
    private boolean closed;
    /** In the backend's update queue. */
    private boolean queued;
    /** The native blocks were freed and the slot returned. */
    private boolean released;

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

    /** Whether AFD reported the handle closed: the registration can only be deleted. */
    boolean isClosed() {
        return closed;
    }

    /** Whether the socket is finished with (deleted or closed) and no request is outstanding: free it now. */
    boolean isDone() {
        return (deletePending || closed) && pollStatus == IDLE && !released;
    }

    /** Whether the native blocks were freed. */
    boolean isReleased() {
        return released;
    }

    /** Marks the socket queued for an update; false if it already was. */
    boolean enqueue() {
        boolean was = queued;
        queued = true;
        return !was;
    }

    /** Takes the socket off the update queue. */
    void dequeue() {
        queued = false;
    }

    /**
     * Issues, keeps or cancels the request so that it polls for what the registration wants.
     *
     * @param predecessorOutstanding a deleted socket with the same handle still has a request out:
     *                               a second one must not be issued (Windows then mixes up their
     *                               results); its completion asks for this update again
     * @throws IOException if the request failed and its failure could not be queued as a completion
     */
    void update(AfdOs os, long port, boolean predecessorOutstanding, NativeBuffer cancelIosb) throws IOException {
        if (deletePending || closed) {
            return;
        }
        int wanted = armed ? AfdEvents.maskFor(interest) : 0;
        switch (pollStatus) {
            case PENDING:
                if ((wanted & ~pendingMask) != 0) {
                    cancel(os, cancelIosb); // its completion comes back through complete(), then update() again
                }
                // else: the outstanding request covers what is wanted; extra events are masked out
                return;
            case CANCELLED:
                return; // wait for the cancelled request's completion
            default:
                if (wanted != 0 && !predecessorOutstanding) {
                    submit(os, port, wanted | AFD_POLL_LOCAL_CLOSE);
                }
        }
    }

    private void submit(AfdOs os, long port, int mask) throws IOException {
        AfdPollInfoLayout.put(info, baseHandle, mask);
        IoStatusBlockLayout.reset(iosb, STATUS_PENDING);
        int status = os.ntDeviceIoControlFile(helper.handle, token, iosb, IOCTL_AFD_POLL, info, info);
        if (status == STATUS_PENDING || status == STATUS_SUCCESS) {
            // SUCCESS too: without FILE_SKIP_COMPLETION_PORT_ON_SUCCESS the packet is queued anyway.
            pollStatus = PENDING;
            pendingMask = mask;
            return;
        }
        if (os.rtlNtStatusToDosError(status) == ERROR_INVALID_HANDLE) {
            closed = true; // the socket was closed before the request: nothing more to poll (isDone)
            return;
        }
        // Any other failure becomes a completion with that status, so that the poll reports it as
        // readiness (the next read/write surfaces the error) instead of one caller getting it.
        IoStatusBlockLayout.setStatus(iosb, status);
        pollStatus = PENDING;
        pendingMask = mask;
        int posted = os.postQueuedCompletionStatus(port, 0, AfdHelpers.KEY_AFD, token);
        if (posted != 0) {
            pollStatus = IDLE;
            throw new IOException("IOCTL_AFD_POLL(socket " + socket + ") failed with " + AfdAbi.ntStatus(status)
                    + ", and PostQueuedCompletionStatus: " + AfdAbi.win32(-posted));
        }
    }

    /**
     * Cancels the outstanding request. Only a request still marked pending in its status block is
     * cancelled (one that completed already has its packet queued); STATUS_NOT_FOUND means it
     * completed meanwhile. Either way its completion packet is still to be dequeued.
     */
    private void cancel(AfdOs os, NativeBuffer cancelIosb) {
        if (IoStatusBlockLayout.status(iosb) == STATUS_PENDING) {
            int status = os.ntCancelIoFileEx(helper.handle, iosb, cancelIosb);
            if (status != STATUS_SUCCESS && status != STATUS_NOT_FOUND) {
                // The request stays outstanding; its completion (on readiness, or when the helper is
                // closed) still returns the socket to IDLE.
                LOG.log(System.Logger.Level.WARNING, "polling: NtCancelIoFileEx(socket {0}): {1}", socket,
                        AfdAbi.ntStatus(status));
            }
        }
        pollStatus = CANCELLED;
        pendingMask = 0;
    }

    /**
     * Ends the registration: cancels an outstanding request (its completion frees the socket) or,
     * with none, leaves the socket {@link #isDone()}.
     */
    void delete(AfdOs os, NativeBuffer cancelIosb) {
        deletePending = true;
        if (pollStatus == PENDING) {
            cancel(os, cancelIosb);
        }
        // CANCELLED: its completion is on the way and frees it
    }

    /**
     * The request's completion was dequeued (wepoll's {@code sock_feed_event}): the socket is IDLE
     * again; the event, if it is one for the user, is stored at {@code stored}. Afterwards the
     * socket is either {@link #isDone()} or wants an {@link #update}.
     *
     * @return the number of events stored now
     */
    int complete(long[] keys, int[] readiness, int stored) {
        pollStatus = IDLE;
        pendingMask = 0;
        if (deletePending) {
            return stored; // the kernel is done with the blocks now
        }
        int r;
        int status = IoStatusBlockLayout.status(iosb);
        if (status == STATUS_CANCELLED) {
            r = 0;
        } else if (status < 0) {
            r = Interest.BOTH; // the poll failed: report it so that the next read/write surfaces the error
        } else if (AfdPollInfoLayout.numberOfHandles(info) < 1) {
            r = 0;
        } else {
            int events = AfdPollInfoLayout.events(info);
            if ((events & AFD_POLL_LOCAL_CLOSE) != 0) {
                closed = true; // this handle was closed: drop it silently (wepoll's auto-removal)
                return stored;
            }
            r = AfdEvents.readiness(events);
        }
        r &= armed ? interest : 0;
        if (r != 0) {
            keys[stored] = key;
            readiness[stored] = r;
            stored++;
            if (oneshot) {
                armed = false;
            }
        }
        return stored;
    }

    /** The kernel handed the request back while the backend was closing: nothing is outstanding any more. */
    void handedBack() {
        pollStatus = IDLE;
        deletePending = true;
    }

    /** Frees the native blocks; only once no request is outstanding. */
    void release() {
        released = true;
        iosb.close();
        info.close();
    }

    @Override
    public String toString() {
        return "AfdSocket[" + socket + ", status=" + pollStatus + ", pending=0x" + Integer.toHexString(pendingMask)
                + (deletePending ? ", deleted" : "") + (closed ? ", closed" : "") + "]";
    }
}
