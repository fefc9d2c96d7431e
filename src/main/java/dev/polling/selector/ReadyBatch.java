package dev.polling.selector;

import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.util.Arrays;

/**
 * The ready sources of one selection, gathered by the selector's callback and then handed out up
 * to the caller's capacity. Polling thread only.
 *
 * <p>Why gather first rather than store straight into the caller's buffer:
 * <ul>
 *   <li>The JDK may call back twice for one key in one selection (the kqueue selector calls once
 *       per filter, read and write): the two are merged into one event, never two.</li>
 *   <li>When more sources are ready than fit, the ones handed out rotate from poll to poll. The
 *       JDK reports ready keys in a stable order, so without rotation a level-triggered source
 *       early in that order would starve the rest of a small buffer.</li>
 *   <li>A oneshot source is disarmed only when its event is actually handed out; one that did
 *       not fit stays armed and is reported by a later poll.</li>
 * </ul>
 *
 * <p>The arrays grow to the largest number of sources ever ready at once and are reused, so a
 * steady state allocates nothing.
 */
final class ReadyBatch {
    private static final int INITIAL_SIZE = 16;

    private final PendingDisarms disarms;

    private Registration[] sources = new Registration[INITIAL_SIZE];
    private long[] keys = new long[INITIAL_SIZE];
    private int[] readiness = new int[INITIAL_SIZE];
    private int[] generations = new int[INITIAL_SIZE];
    private boolean[] oneshot = new boolean[INITIAL_SIZE];
    private int count;
    /** Numbers selections, so a second callback for the same source within one is recognised. */
    private long batch;
    /** Where the next overflowing batch starts handing out events. */
    private int rotation;

    /** A batch that queues the oneshot sources it hands out in {@code disarms}. */
    ReadyBatch(PendingDisarms disarms) {
        this.disarms = disarms;
    }

    /** Starts a new selection. */
    void begin() {
        if (count != 0) {
            release(); // a selection that threw left its sources behind
        }
        batch++;
    }

    /**
     * The selector's callback for a ready key: records its event, masked by the source's interest,
     * unless the masked readiness is empty, the source was deleted or replaced meanwhile, or it is a
     * oneshot source disarmed by an earlier event and not re-armed since.
     */
    void offer(SelectionKey selectionKey) {
        if (!(selectionKey.attachment() instanceof Registration source)) {
            return;
        }
        int readyOps;
        try {
            readyOps = selectionKey.readyOps();
        } catch (CancelledKeyException deletedMeanwhile) {
            return;
        }
        synchronized (source) {
            if (source.selectionKey != selectionKey) {
                return; // deleted (or deleted and added again) by another thread during the selection
            }
            if (source.disarmed) {
                return; // its event was handed out already: never a second one before a modify
            }
            int bits = InterestOps.readiness(readyOps) & source.interest;
            if (bits == 0) {
                return;
            }
            if (source.batch == batch) {
                readiness[source.batchIndex] |= bits; // second callback for this key: merge
                return;
            }
            if (count == sources.length) {
                grow();
            }
            int i = count++;
            sources[i] = source;
            keys[i] = source.key;
            readiness[i] = bits;
            generations[i] = source.generation;
            oneshot[i] = source.oneshot;
            source.batch = batch;
            source.batchIndex = i;
        }
    }

    /** How many events the current selection gathered. */
    int size() {
        return count;
    }

    /**
     * Copies up to {@code outKeys.length} events out, disarms the oneshot sources among them (their
     * keys at the next poll, through {@link PendingDisarms}), and ends the selection. Events that
     * did not fit are dropped here and left armed.
     *
     * @return the number of events copied
     */
    int drainTo(long[] outKeys, int[] outReadiness) {
        int n = count;
        if (n == 0) {
            return 0;
        }
        int capacity = outKeys.length;
        int stored = Math.min(n, capacity);
        int start = n > capacity ? rotation % n : 0;
        for (int j = 0; j < stored; j++) {
            int i = start + j;
            if (i >= n) {
                i -= n;
            }
            outKeys[j] = keys[i];
            outReadiness[j] = readiness[i];
            if (oneshot[i] && sources[i].disarm(generations[i])) {
                disarms.add(sources[i]);
            }
        }
        rotation = n > capacity ? start + stored : 0;
        release();
        return stored;
    }

    private void release() {
        Arrays.fill(sources, 0, count, null); // keep no deleted channel reachable
        count = 0;
    }

    private void grow() {
        int size = sources.length * 2;
        sources = Arrays.copyOf(sources, size);
        keys = Arrays.copyOf(keys, size);
        readiness = Arrays.copyOf(readiness, size);
        generations = Arrays.copyOf(generations, size);
        oneshot = Arrays.copyOf(oneshot, size);
    }
}
