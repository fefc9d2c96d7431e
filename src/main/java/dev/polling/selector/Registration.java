package dev.polling.selector;

import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;

/**
 * One channel's registration: the user key its events carry, its interest and mode. It is the
 * attachment of the channel's {@link SelectionKey}, so the poll path reaches it without a lookup
 * or an allocation.
 *
 * <p>Registration threads change it while the polling thread reads it, so every field but the
 * last two is guarded by this object's monitor. The monitor also makes a oneshot disarm and a
 * concurrent {@code modify} atomic with respect to each other: a disarm decided before a modify
 * (seen as a changed {@link #generation}) is dropped, so a re-arm is never undone.
 *
 * <p>A oneshot disarm happens in two steps: {@link #disarm} marks the source when its event is
 * handed out (no further event is gathered for it), and {@link #applyDisarm} sets its key's
 * interest to 0 when the next poll starts, unless a {@code modify} re-armed it meanwhile. A source
 * re-armed with unchanged interest before that never touches its key: see {@link PendingDisarms}.
 */
final class Registration {
    final SelectableChannel channel;
    /** The live key; {@code null} after delete, and while waiting for {@link #registerAgain}. */
    SelectionKey selectionKey;
    long key;
    int interest;
    boolean oneshot;
    /** Bumped by every change; a disarm for an older generation is stale. */
    int generation;
    /** Added again after a delete, before the selector let go of the cancelled key. */
    boolean awaitingRegister;
    /** A oneshot event was handed out and no modify came since: no event until one does. */
    boolean disarmed;

    /** Polling thread only: the batch that last recorded this source, and where. */
    long batch;
    /** Polling thread only: the index of this source's event in {@link #batch}. */
    int batchIndex;

    Registration(SelectableChannel channel, long key, int interest, boolean oneshot) {
        this.channel = channel;
        this.key = key;
        this.interest = interest;
        this.oneshot = oneshot;
    }

    /** Registers the channel for the first time. */
    synchronized void register(Selector selector) throws ClosedChannelException {
        selectionKey = channel.register(selector, InterestOps.toOps(channel, interest), this);
    }

    /**
     * Replaces key, interest and mode and re-arms; false if the source was deleted.
     *
     * @throws CancelledKeyException if the channel was closed meanwhile
     */
    synchronized boolean modify(long newKey, int newInterest, boolean newOneshot) {
        if (selectionKey == null && !awaitingRegister) {
            return false;
        }
        key = newKey;
        interest = newInterest;
        oneshot = newOneshot;
        generation++;
        disarmed = false;
        if (selectionKey != null) {
            int ops = InterestOps.toOps(channel, newInterest);
            // A disarm not applied yet left the key's operations untouched: then this re-arm needs
            // no change either. The getter also throws CancelledKeyException for a closed channel.
            if (selectionKey.interestOps() != ops) {
                selectionKey.interestOps(ops);
            }
        }
        return true;
    }

    /** Cancels the registration; false if it was already deleted. */
    synchronized boolean delete() {
        boolean registered = selectionKey != null || awaitingRegister;
        if (selectionKey != null) {
            selectionKey.cancel();
            selectionKey = null;
        }
        awaitingRegister = false;
        disarmed = false;
        generation++;
        return registered;
    }

    /**
     * Revives a deleted registration whose cancelled key the selector still holds; the polling
     * thread completes it with {@link #registerAgain}. False if the source is registered.
     */
    synchronized boolean scheduleRegister(long newKey, int newInterest, boolean newOneshot) {
        if (selectionKey != null || awaitingRegister) {
            return false;
        }
        key = newKey;
        interest = newInterest;
        oneshot = newOneshot;
        generation++;
        disarmed = false;
        awaitingRegister = true;
        return true;
    }

    /**
     * Completes {@link #scheduleRegister} once the selector has dropped the cancelled key. False if
     * the old key is still there (try again later). A channel closed (or switched to blocking mode)
     * meanwhile is dropped, as if it had been closed while registered.
     */
    synchronized boolean registerAgain(Selector selector) {
        if (!awaitingRegister) {
            return true; // deleted again meanwhile
        }
        try {
            selectionKey = channel.register(selector, InterestOps.toOps(channel, interest), this);
        } catch (CancelledKeyException stillThere) {
            return false;
        } catch (ClosedChannelException | IllegalBlockingModeException gone) {
            selectionKey = null;
        }
        awaitingRegister = false;
        generation++;
        return true;
    }

    /**
     * Marks a oneshot source disarmed after its event was handed out, unless it changed since
     * {@code seen}; true if marked, and the caller queues {@link #applyDisarm} for the next poll.
     */
    synchronized boolean disarm(int seen) {
        if (generation != seen || selectionKey == null) {
            return false;
        }
        disarmed = true;
        return true;
    }

    /** Sets the key's interest to 0 if the source is still disarmed. Polling thread, before a selection. */
    synchronized void applyDisarm() {
        if (disarmed && selectionKey != null) {
            try {
                selectionKey.interestOps(0);
            } catch (CancelledKeyException closedMeanwhile) {
                // The channel was closed: nothing left to disarm.
            }
        }
    }
}
