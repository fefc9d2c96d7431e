package dev.polling.spi;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * The one descriptor table of the Unix backends: the key, interest and mode of each registered
 * descriptor, indexed by descriptor number, and the <em>tag</em> the kernel hands back with each
 * event ({@code epoll_event.data}, a kevent's {@code udata}, a port event's user value) to find
 * them again. Turning a kernel event into a user event is one bounds check and a few array loads.
 *
 * <p><b>Why a table, not the key itself in the kernel.</b> Readiness must be masked by the
 * source's interest, and the event alone cannot tell it: the kernel reports hang-up and error to
 * every registration, so a hang-up-only event looks the same on a source registered for reading
 * as on one registered for writing, yet must read as readable on the first and writable on the
 * second. A user key takes all 64 bits, leaving no room for the interest, so the kernel carries a
 * tag instead.
 *
 * <p><b>The tag</b> is {@code generation << 32 | fd}. Every change of a descriptor's registration
 * takes a new generation <em>before</em> the call that hands the tag to the kernel, so an event
 * carrying an older generation describes a registration that has since been changed or deleted,
 * and is dropped. That is safe: adding or modifying re-checks readiness and queues a fresh event
 * if the source is still ready (epoll's {@code ep_insert}/{@code ep_modify}, kqueue's
 * {@code EV_ADD}, {@code port_associate}). It also keeps a deleted, or closed and replaced,
 * source from reporting through its successor. Generations run from 1 to 2^28 - 2 and wrap, so a
 * tag is never 0 (kqueue's wake-up udata), never -1 (epoll's and event ports' wake-up value) and
 * never matches a slot being written.
 *
 * <p><b>Oneshot in the table.</b> Where the kernel disarms per filter rather than per source
 * (kqueue's two knotes), or not at all (poll), {@link #register} with {@code oneshot} makes the
 * table disarm the source once its event is stored, until the next {@link #register}. Two events
 * for one source within one batch ({@link #beginBatch()}) merge into one.
 *
 * <p><b>Threads.</b> {@link #register} and {@link #unregister} run under the poller's
 * registration lock. {@link #resolve} runs on the polling thread and may run at the same time as
 * they do, as on epoll: each slot is a seqlock (the writer marks the slot {@link #INVALID},
 * writes the key, then publishes the state; the reader reads the state, the key, and the state
 * again, and drops the event if it changed). A table with oneshot sources is written by
 * {@code resolve} (the disarm), so it must then run under the same lock as registration, as the
 * kqueue, event-port and poll backends do.
 */
public final class Registrations {
    /** The state of a slot being written: its generation is never handed out. */
    static final int INVALID = -1;
    /** One past the largest generation a tag carries. */
    static final int GENERATION_LIMIT = INVALID >>> 4;

    private static final int INTEREST = Interest.BOTH;
    private static final int ARMED = 4;
    private static final int ONESHOT = 8;
    private static final int FLAG_BITS = 4;
    private static final VarHandle STATES = MethodHandles.arrayElementVarHandle(int[].class);
    private static final VarHandle KEYS = MethodHandles.arrayElementVarHandle(long[].class);

    /** The arrays, replaced together when a larger descriptor arrives. */
    private static final class Table {
        /** {@code generation << 4 | ONESHOT | ARMED | interest} per descriptor. */
        final int[] states;
        final long[] keys;
        /** Polling thread: the batch in which each descriptor last got a stored event, and that event's index. */
        final int[] batchOf;
        final int[] slotOf;

        Table(int capacity) {
            this(new int[capacity], new long[capacity], new int[capacity], new int[capacity]);
        }

        Table(int[] states, long[] keys, int[] batchOf, int[] slotOf) {
            this.states = states;
            this.keys = keys;
            this.batchOf = batchOf;
            this.slotOf = slotOf;
        }
    }

    private volatile Table table;
    /** The polling thread's current batch, from 1. */
    private int batch = 1;

    /** A table for descriptors below {@code initialCapacity}; it grows as needed. */
    public Registrations(int initialCapacity) {
        table = new Table(initialCapacity);
    }

    /** The tag of {@code fd} at {@code generation}. */
    static long tag(int fd, int generation) {
        return (long) generation << 32 | (fd & 0xFFFF_FFFFL);
    }

    /**
     * Records {@code key}, {@code interest} and the mode for {@code fd} under a new generation,
     * armed, and returns the tag to give the kernel. Registration lock only.
     *
     * @param oneshot whether the table disarms the source once its event is stored
     */
    public long register(int fd, long key, int interest, boolean oneshot) {
        Table t = tableFor(fd);
        int generation = nextGeneration(t.states[fd]);
        int bits = interest & INTEREST;
        int flags = (bits != 0 ? ARMED : 0) | (oneshot ? ONESHOT : 0);
        publish(t, fd, generation << FLAG_BITS | flags | bits, key);
        return tag(fd, generation);
    }

    /** Whether {@code fd} fits the table as it is, so registering it allocates nothing. */
    public boolean covers(int fd) {
        return fd >= 0 && fd < table.states.length;
    }

    /**
     * Forgets {@code fd}: every event still carrying one of its tags is dropped from now on.
     * Registration lock only.
     */
    public void unregister(int fd) {
        Table t = table;
        if (fd >= 0 && fd < t.states.length) {
            publish(t, fd, nextGeneration(t.states[fd]) << FLAG_BITS, 0L);
        }
    }

    /** The tag of {@code fd}'s latest registration (or unregistration), 0 if it never had one. */
    public long tagOf(int fd) {
        int generation = covers(fd) ? (int) STATES.getAcquire(table.states, fd) >>> FLAG_BITS : 0;
        return generation == 0 ? 0 : tag(fd, generation);
    }

    /** The interest of {@code fd}, 0 if it is not registered. */
    public int interestOf(int fd) {
        return covers(fd) ? (int) STATES.getAcquire(table.states, fd) & INTEREST : 0;
    }

    /** Whether {@code fd} may still report an event: registered with an interest and not disarmed by a oneshot event. */
    public boolean isArmed(int fd) {
        return covers(fd) && ((int) STATES.getAcquire(table.states, fd) & ARMED) != 0;
    }

    /** Whether {@code fd} is registered oneshot. */
    public boolean isOneshot(int fd) {
        return covers(fd) && ((int) STATES.getAcquire(table.states, fd) & ONESHOT) != 0;
    }

    /** The key of {@code fd}. */
    public long keyOf(int fd) {
        return covers(fd) ? (long) KEYS.getOpaque(table.keys, fd) : 0L;
    }

    /**
     * Disarms {@code fd} as its oneshot event would (e.g. poll's POLLNVAL: the descriptor was closed);
     * only a {@link #register} arms it again. Under the registration lock.
     */
    public void disarm(int fd) {
        Table t = table;
        if (fd >= 0 && fd < t.states.length) {
            STATES.setRelease(t.states, fd, t.states[fd] & ~ARMED);
        }
    }

    /** Polling thread: starts a new batch of kernel events; events for one source within a batch merge into one. */
    public void beginBatch() {
        if (++batch == 0) { // wrapped after 2^32 batches: forget the old stamps
            Arrays.fill(table.batchOf, 0);
            batch = 1;
        }
    }

    /**
     * Polling thread: turns the event {@code (tag, ready)} into the user's key and the readiness
     * masked by the interest, and stores them at index {@code n}; a second event for the same
     * source in this batch adds its bits to the first. A oneshot source is disarmed once stored.
     *
     * @param ready the {@link Interest} bits the kernel reported, not yet masked
     * @return the number of events stored now: {@code n + 1} if this one was stored, else {@code n}
     *         (stale, disarmed, nothing of interest, or merged)
     */
    public int resolve(long tag, int ready, long[] keys, int[] readiness, int n) {
        Table t = table;
        int fd = (int) tag;
        int[] states = t.states;
        if (fd < 0 || fd >= states.length) {
            return n;
        }
        int state = (int) STATES.getAcquire(states, fd);
        int masked = ready & state & INTEREST;
        if (state >>> FLAG_BITS != (int) (tag >>> 32) || masked == 0) {
            return n;
        }
        if (t.batchOf[fd] == batch) {
            readiness[t.slotOf[fd]] |= masked; // the source's other filter, in the same batch: one event
            return n;
        }
        if ((state & ARMED) == 0) {
            return n; // a oneshot source already reported (e.g. its other filter's event): dropped
        }
        long key = (long) KEYS.getOpaque(t.keys, fd);
        VarHandle.loadLoadFence(); // the second read of the state must not move above the key's
        if ((int) STATES.getOpaque(states, fd) != state) {
            return n; // changed under us: the call that changed it re-queues the event if still ready
        }
        keys[n] = key;
        readiness[n] = masked;
        t.batchOf[fd] = batch;
        t.slotOf[fd] = n;
        if ((state & ONESHOT) != 0) {
            STATES.setRelease(states, fd, state & ~ARMED);
        }
        return n + 1;
    }

    private static void publish(Table t, int fd, int state, long key) {
        STATES.setOpaque(t.states, fd, INVALID);
        VarHandle.storeStoreFence(); // a reader that sees the new key sees INVALID or the new state
        KEYS.setOpaque(t.keys, fd, key);
        STATES.setRelease(t.states, fd, state);
    }

    private static int nextGeneration(int state) {
        int next = (state >>> FLAG_BITS) + 1;
        return next >= GENERATION_LIMIT ? 1 : next;
    }

    private Table tableFor(int fd) {
        if (fd < 0) {
            throw new IllegalArgumentException("descriptor must not be negative, was " + fd);
        }
        Table t = table;
        if (fd < t.states.length) {
            return t;
        }
        int capacity = Math.max(fd + 1, t.states.length * 2);
        // A tag reaches the kernel only after the table holding it is published, and the polling
        // thread reads the table after the wait returned the tag: it never looks in one too old.
        Table grown = new Table(Arrays.copyOf(t.states, capacity), Arrays.copyOf(t.keys, capacity),
                Arrays.copyOf(t.batchOf, capacity), Arrays.copyOf(t.slotOf, capacity));
        table = grown;
        return grown;
    }
}
