package dev.polling.kqueue;

import java.util.Arrays;

import dev.polling.PollMode;
import dev.polling.spi.Interest;

/**
 * What the kqueue backend knows about each registered descriptor, in arrays indexed by descriptor
 * so that turning a kernel event into a user event is a few array loads.
 *
 * <p>Each registration (add or modify) gets a fresh <em>generation</em>, which the backend puts in
 * both knotes' {@code udata}. An event whose udata is not the descriptor's current generation was
 * taken from the kernel before the source was modified, deleted or replaced, and is dropped.
 *
 * <p>Oneshot is per source, not per filter: once an event for a oneshot source is stored the source
 * is disarmed, and a later event from its other filter (still armed in the kernel) is dropped here,
 * until {@code modify} gives it a new generation. Both filters firing in the same batch make one
 * event with both bits. Not thread-safe: the backend uses it under its lock.
 */
final class KqueueSources {
    private static final byte ARMED = 1;
    private static final byte ONESHOT = 2;

    private long[] generation = new long[64];
    private long[] key = new long[64];
    private int[] interest = new int[64];
    private byte[] state = new byte[64];
    /** The batch in which each descriptor last got a stored event, and that event's index. */
    private int[] batchOf = new int[64];
    private int[] slotOf = new int[64];
    private int batch;

    /** Records (or replaces) {@code fd}'s registration, armed. */
    void put(int fd, long gen, long userKey, int interestBits, PollMode mode) {
        ensureCapacity(fd);
        generation[fd] = gen;
        key[fd] = userKey;
        interest[fd] = interestBits & Interest.BOTH;
        state[fd] = (byte) (ARMED | (isOneshot(mode) ? ONESHOT : 0));
    }

    /** Forgets {@code fd} and its generation: nothing more is reported for it until {@link #put}. */
    void remove(int fd) {
        if (fd >= 0 && fd < generation.length) {
            generation[fd] = 0;
            state[fd] = 0;
            interest[fd] = 0;
        }
    }

    /** The generation registered for {@code fd}, or 0. */
    long generationOf(int fd) {
        return fd >= 0 && fd < generation.length ? generation[fd] : 0;
    }

    /** Whether {@code fd} may still report an event (registered and not disarmed by a oneshot event). */
    boolean isArmed(int fd) {
        return fd >= 0 && fd < state.length && (state[fd] & ARMED) != 0;
    }

    /** Starts a new batch of kernel events: events for one descriptor within a batch merge into one. */
    void beginBatch() {
        if (++batch == 0) { // wrapped after 2^32 batches: forget the old stamps
            Arrays.fill(batchOf, 0);
            batch = 1;
        }
    }

    /**
     * Turns one kernel event into a stored user event, if it should be one.
     *
     * @param readiness the event's {@link Interest} bits before masking
     * @return the new number of stored events ({@code stored} or {@code stored + 1})
     */
    int deliver(int fd, long gen, int readiness, long[] keys, int[] out, int stored) {
        if (gen == 0 || fd < 0 || fd >= generation.length || generation[fd] != gen) {
            return stored; // stale: from before a modify/delete, or not ours
        }
        int r = readiness & interest[fd];
        if (r == 0) {
            return stored;
        }
        if (batchOf[fd] == batch) {
            out[slotOf[fd]] |= r; // the source's other filter, in the same batch: one event
            return stored;
        }
        byte s = state[fd];
        if ((s & ARMED) == 0) {
            return stored; // oneshot source already reported: its other filter's event is dropped
        }
        keys[stored] = key[fd];
        out[stored] = r;
        batchOf[fd] = batch;
        slotOf[fd] = stored;
        if ((s & ONESHOT) != 0) {
            state[fd] = (byte) (s & ~ARMED);
        }
        return stored + 1;
    }

    private static boolean isOneshot(PollMode mode) {
        return mode == PollMode.ONESHOT || mode == PollMode.EDGE_ONESHOT;
    }

    private void ensureCapacity(int fd) {
        if (fd < generation.length) {
            return;
        }
        int n = Math.max(fd + 1, generation.length * 2);
        generation = Arrays.copyOf(generation, n);
        key = Arrays.copyOf(key, n);
        interest = Arrays.copyOf(interest, n);
        state = Arrays.copyOf(state, n);
        batchOf = Arrays.copyOf(batchOf, n);
        slotOf = Arrays.copyOf(slotOf, n);
    }
}
