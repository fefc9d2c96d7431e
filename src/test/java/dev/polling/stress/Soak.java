package dev.polling.stress;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import dev.polling.Event;
import dev.polling.Events;
import dev.polling.Poller;

/**
 * The soak: one-byte tokens travel between {@code N} pipes registered ONESHOT (each byte read
 * from a pipe is written into a random pipe) while a second thread randomly deletes, re-adds,
 * re-keys and silences ({@code Event.none}) sources. Then the churn stops, every source is
 * registered again, and the tokens are drained without forwarding: every byte written must be
 * read, which needs every armed source's readiness to be reported.
 *
 * <p>Checked at every event, with no false alarm possible whatever the interleaving:
 * <ul>
 *   <li><b>no duplicates</b>: a source never has more events than armings (add or modify with a
 *       readable interest, counted before the call): in ONESHOT each arming yields at most one
 *       event;</li>
 *   <li><b>nothing after delete or re-key</b>: keys carry a generation; when a generation is
 *       retired (delete, modify to a new key, modify to interest none), the mutator notes the
 *       poll count after the call returned, and a poll <em>started</em> after that (its count is
 *       higher) must not report it;</li>
 *   <li><b>interest none reports nothing</b>: generations given to {@code Event.none} are odd, and
 *       no event may carry one;</li>
 *   <li><b>no loss</b>: at the end, bytes read equal bytes written, within a bounded time.</li>
 * </ul>
 * Ownership of a source's registration passes through a state CAS ({@link #ARMED},
 * {@link #BUSY}, ...), so the polling thread's re-arm and the mutator never call the poller for
 * the same source at once. After an event the polling thread re-arms the source unless the
 * mutator left it deleted or silenced (its re-add or un-silence arms it then).
 */
final class Soak {
    static final int ARMED = 0;
    static final int BUSY = 1;
    static final int DELETED = 2;
    static final int SILENT = 3;

    private static final int INDEX_BITS = 20;
    private static final int GEN_BITS = 24;
    private static final int MAX_VIOLATIONS_KEPT = 20;
    /** At most this many sources are deleted or silenced at once. */
    private static final int MAX_PARKED = 32;

    private final Poller poller;
    private final Pipes pipes;
    private final int sources;
    private final AtomicIntegerArray state;
    /** Current key generation per source; written only by the thread that holds the source BUSY. */
    private final int[] gen;
    private final AtomicLongArray arms;
    /** Per source: (poll count when the generation was retired) << GEN_BITS | retired generation, or -1. */
    private final AtomicLongArray retired;
    private final long[] eventsPerSource;
    private final AtomicLong pollStarts = new AtomicLong();
    /** Deleted or silenced sources, oldest first; the mutator's own (the polling thread reads it once joined). */
    private final java.util.ArrayDeque<Integer> parked = new java.util.ArrayDeque<>();
    private final List<String> violations = new ArrayList<>();
    private final ByteBuffer scratch = ByteBuffer.allocateDirect(512);
    private final SplittableRandom forwardRandom = new SplittableRandom(1);

    private volatile boolean stop;
    private long violationCount;

    // Polling thread's counts.
    long events;
    long polls;
    long bytesWritten;
    long bytesRead;
    long racyEvents;
    long busyWaits;
    long rearmsLeftToMutator;

    // Mutator's counts (read after it has been joined).
    long deletes;
    long readds;
    long rekeys;
    long silences;
    long unsilences;

    Soak(Poller poller, Pipes pipes) {
        this.poller = poller;
        this.pipes = pipes;
        this.sources = pipes.size();
        if (sources >= 1 << INDEX_BITS) {
            throw new IllegalArgumentException("too many sources: " + sources);
        }
        state = new AtomicIntegerArray(sources);
        gen = new int[sources];
        arms = new AtomicLongArray(sources);
        retired = new AtomicLongArray(sources);
        eventsPerSource = new long[sources];
        for (int i = 0; i < sources; i++) {
            retired.set(i, -1);
        }
    }

    /**
     * Runs the soak on this thread until {@code targetEvents} events were observed (or
     * {@code ceiling} passed without any), then drains; returns false if it stalled.
     */
    boolean run(long targetEvents, Duration ceiling, long mutatorPauseNanos) throws Exception {
        for (int i = 0; i < sources; i++) {
            arms.incrementAndGet(i);
            poller.add(pipes.source(i), Event.readable(key(i, 0)));
            pipes.write(i, 2); // two tokens per source
            bytesWritten += 2;
        }
        AtomicReference<Throwable> mutatorFailure = new AtomicReference<>();
        Thread mutator = new Thread(() -> {
            try {
                mutate(mutatorPauseNanos);
            } catch (Throwable t) {
                mutatorFailure.set(t);
            }
        }, "soak-mutator");
        mutator.start();
        Events buffer = Events.withCapacity(256);
        boolean progressed = true;
        try {
            while (events < targetEvents && progressed && mutatorFailure.get() == null) {
                progressed = pollAndHandle(buffer, ceiling, true);
            }
        } finally {
            stop = true;
            mutator.join();
        }
        if (mutatorFailure.get() != null) {
            throw new AssertionError("the mutator thread failed", mutatorFailure.get());
        }
        if (!progressed) {
            return false;
        }
        registerAllAgain();
        while (bytesRead < bytesWritten) {
            if (!pollAndHandle(buffer, ceiling, false)) {
                return false;
            }
        }
        return true;
    }

    /** One poll and its events; false if no event came within {@code ceiling}. */
    private boolean pollAndHandle(Events buffer, Duration ceiling, boolean forward) throws IOException {
        long deadline = System.nanoTime() + ceiling.toNanos();
        for (;;) {
            long poll = pollStarts.incrementAndGet();
            int n = poller.poll(buffer, Duration.ofSeconds(1));
            polls++;
            for (int k = 0; k < n; k++) {
                handle(buffer.key(k), poll, forward);
            }
            if (n > 0) {
                return true;
            }
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
        }
    }

    private void handle(long key, long poll, boolean forward) throws IOException {
        int i = (int) (key & ((1 << INDEX_BITS) - 1));
        int g = (int) (key >>> INDEX_BITS);
        if (key < 0 || i >= sources || g >= 1 << GEN_BITS) {
            violation("an event with a key never registered: " + key);
            return;
        }
        events++;
        if ((g & 1) == 1) {
            violation("source " + i + " reported under generation " + g + ", registered with interest none");
        }
        long r = retired.get(i);
        if (r >= 0 && g <= (int) (r & ((1 << GEN_BITS) - 1))) {
            long retiredAt = r >>> GEN_BITS;
            if (poll > retiredAt) {
                violation("source " + i + " reported under generation " + g + " by poll " + poll
                        + ", which started after that key was deleted or replaced (before poll " + (retiredAt + 1) + ")");
            } else {
                racyEvents++; // collected by a poll that began before the change: allowed
            }
        }
        if (++eventsPerSource[i] > arms.get(i)) {
            violation("source " + i + " has " + eventsPerSource[i] + " events for " + arms.get(i)
                    + " armings: a ONESHOT event was duplicated");
        }
        int got = pipes.drain(i, scratch);
        bytesRead += got;
        if (forward) {
            for (int b = 0; b < got; b++) {
                pipes.write(forwardRandom.nextInt(sources), 1);
                bytesWritten++;
            }
        }
        rearm(i);
    }

    /**
     * Re-arms source {@code i} after its event, unless the mutator has deleted or silenced it (the
     * re-add or un-silence arms it). While the mutator holds it, wait: the event may have consumed
     * the very arming the mutator is finishing, so only the state it leaves decides.
     */
    private void rearm(int i) throws IOException {
        for (;;) {
            int s = state.get(i);
            if (s == BUSY) {
                busyWaits++;
                Thread.yield(); // one system call on the other thread
                continue;
            }
            if (s != ARMED) {
                rearmsLeftToMutator++;
                return;
            }
            if (state.compareAndSet(i, ARMED, BUSY)) {
                try {
                    arms.incrementAndGet(i);
                    poller.modify(pipes.source(i), Event.readable(key(i, gen[i])));
                } finally {
                    state.set(i, ARMED);
                }
                return;
            }
        }
    }

    private void mutate(long pauseNanos) throws IOException {
        SplittableRandom random = new SplittableRandom(2);
        while (!stop) {
            // Restore parked (deleted or silenced) sources soon, so that few tokens wait in them.
            boolean restore = parked.size() >= MAX_PARKED || (!parked.isEmpty() && random.nextInt(4) == 0);
            int i = restore ? parked.pollFirst() : random.nextInt(sources);
            int s = state.get(i);
            if (s == BUSY || (!restore && s != ARMED) || !state.compareAndSet(i, s, BUSY)) {
                continue;
            }
            int next = s;
            try {
                next = mutate(i, s, random.nextInt(4));
            } finally {
                state.set(i, next);
            }
            if (next == DELETED || next == SILENT) {
                parked.addLast(i);
            }
            if (pauseNanos > 0) {
                // Pacing, not synchronisation: nothing depends on it; it leaves the polling thread
                // a share of a two-core machine.
                LockSupport.parkNanos(pauseNanos);
            }
        }
    }

    /** One mutation of source {@code i}, which this thread holds BUSY; returns its next state. */
    private int mutate(int i, int current, int dice) throws IOException {
        int old = gen[i];
        switch (current) {
            case DELETED -> {
                gen[i] = old + 2;
                arms.incrementAndGet(i);
                poller.add(pipes.source(i), Event.readable(key(i, gen[i])));
                readds++;
                return ARMED;
            }
            case SILENT -> {
                gen[i] = old + 1;
                arms.incrementAndGet(i);
                poller.modify(pipes.source(i), Event.readable(key(i, gen[i])));
                retire(i, old);
                unsilences++;
                return ARMED;
            }
            default -> {
                if (dice == 0) {
                    poller.delete(pipes.source(i));
                    retire(i, old);
                    deletes++;
                    return DELETED;
                }
                if (dice == 1) {
                    gen[i] = old + 1;
                    poller.modify(pipes.source(i), Event.none(key(i, gen[i])));
                    retire(i, old);
                    silences++;
                    return SILENT;
                }
                gen[i] = old + 2;
                arms.incrementAndGet(i);
                poller.modify(pipes.source(i), Event.readable(key(i, gen[i])));
                retire(i, old);
                rekeys++;
                return ARMED;
            }
        }
    }

    /** Re-adds deleted sources and re-arms silenced ones; armed ones are left alone, so a lost event shows. */
    private void registerAllAgain() throws IOException {
        for (Integer i : parked) {
            mutate(i, state.get(i), 0);
            state.set(i, ARMED);
        }
        parked.clear();
    }

    private void retire(int i, int generation) {
        retired.set(i, (pollStarts.get() << GEN_BITS) | generation);
    }

    private static long key(int i, int generation) {
        if (generation >= 1 << GEN_BITS) {
            throw new IllegalStateException("generation overflow for source " + i);
        }
        return ((long) generation << INDEX_BITS) | i;
    }

    private void violation(String message) {
        violationCount++;
        if (violations.size() < MAX_VIOLATIONS_KEPT) {
            violations.add(message);
        }
    }

    /** The first violations seen (at most {@value #MAX_VIOLATIONS_KEPT}). */
    List<String> violations() {
        return violations;
    }

    /** How many violations were seen. */
    long violationCount() {
        return violationCount;
    }

    /** The sources that still hold bytes, with their registration state: the evidence of a lost event. */
    String unreadSources() throws IOException {
        StringBuilder found = new StringBuilder();
        int shown = 0;
        for (int i = 0; i < sources && shown < 10; i++) {
            int unread = pipes.drain(i, scratch);
            if (unread > 0) {
                shown++;
                found.append(String.format("%n  source %d: %d bytes unread, state %d, generation %d, armings %d, events %d",
                        i, unread, state.get(i), gen[i], arms.get(i), eventsPerSource[i]));
            }
        }
        return found.length() == 0 ? " (none holds bytes now)" : found.toString();
    }

    /** The counts of this run, for the report line. */
    String counts() {
        return "events=" + events + " sources=" + sources + " bytes=" + bytesRead + " polls=" + polls
                + " deletes=" + deletes + " readds=" + readds + " rekeys=" + rekeys + " silences=" + silences
                + " unsilences=" + unsilences + " racyEvents=" + racyEvents + " busyWaits=" + busyWaits + " rearmsLeftToMutator=" + rearmsLeftToMutator
                + " violations=" + violationCount;
    }
}
