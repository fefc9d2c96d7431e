package dev.polling.epoll;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

import dev.polling.spi.Interest;

/**
 * The key and interest of each registered descriptor, indexed by descriptor number, and the tag
 * the kernel hands back in each event's {@code data.u64} to find them again.
 *
 * <p><b>Why a table, not the key itself in {@code data.u64}.</b> Readiness must be masked by the
 * source's interest, and the event alone cannot tell it: the kernel adds EPOLLHUP and EPOLLERR to
 * every registration, so a hang-up-only event looks the same on a source registered EPOLLIN as on
 * one registered EPOLLOUT, yet must read as readable on the first and writable on the second. A
 * user key takes all 64 bits, leaving no room to carry the interest, so the kernel carries a tag
 * instead and the event costs one array lookup.
 *
 * <p><b>The tag</b> is {@code generation << 32 | fd}. Every change of a descriptor's registration
 * takes a new generation <em>before</em> the {@code epoll_ctl} that hands the tag to the kernel,
 * so an event that carries an older generation describes a registration that has since been
 * changed or deleted, and is dropped. That is safe: {@code EPOLL_CTL_ADD} and {@code EPOLL_CTL_MOD}
 * re-check the descriptor's readiness and queue a fresh event if it is still ready
 * ({@code ep_insert}/{@code ep_modify} in {@code fs/eventpoll.c}). It also keeps a deleted, or
 * closed and replaced, source from reporting through its successor. Generations have 30 bits and
 * never reach {@link #INVALID}'s, so a tag is never {@code -1} (the wake-up's) and never matches a
 * slot being written.
 *
 * <p><b>Threads.</b> {@link #register} and {@link #unregister} run under the poller's
 * registration lock; {@link #resolve} runs on the polling thread at the same time. Each slot is a
 * seqlock: the writer marks the slot {@link #INVALID}, writes the key, then publishes the state;
 * the reader reads the state, the key, and the state again, and drops the event if it changed.
 */
final class EpollRegistrations {
    /** The state of a slot being written: its generation is never handed out. */
    static final int INVALID = -1;
    /** The generations a tag can carry: 30 bits, {@code 0 .. GENERATION_LIMIT - 1}. */
    static final int GENERATION_LIMIT = INVALID >>> 2;

    private static final int INTEREST_BITS = 2;
    private static final VarHandle STATES = MethodHandles.arrayElementVarHandle(int[].class);
    private static final VarHandle KEYS = MethodHandles.arrayElementVarHandle(long[].class);

    /** Both arrays, replaced together when a larger descriptor arrives. */
    private static final class Table {
        /** {@code generation << 2 | interest} per descriptor. */
        final int[] states;
        final long[] keys;

        Table(int[] states, long[] keys) {
            this.states = states;
            this.keys = keys;
        }
    }

    private volatile Table table;

    /** A table for descriptors below {@code initialCapacity}; it grows as needed. */
    EpollRegistrations(int initialCapacity) {
        table = new Table(new int[initialCapacity], new long[initialCapacity]);
    }

    /** The tag of {@code fd} at {@code generation}. */
    static long tag(int fd, int generation) {
        return (long) generation << 32 | fd;
    }

    /**
     * Records {@code key} and {@code interest} for {@code fd} under a new generation, and returns
     * the tag to give the kernel. Registration lock only.
     */
    long register(int fd, long key, int interest) {
        Table t = tableFor(fd);
        int generation = nextGeneration(t.states[fd]);
        publish(t, fd, generation, key, interest & Interest.BOTH);
        return tag(fd, generation);
    }

    /** Whether {@code fd} fits the table as it is, so registering it allocates nothing. */
    boolean covers(int fd) {
        return fd < table.states.length;
    }

    /**
     * Forgets {@code fd}: every event still carrying one of its tags is dropped from now on.
     * Registration lock only.
     */
    void unregister(int fd) {
        Table t = table;
        if (fd < t.states.length) {
            publish(t, fd, nextGeneration(t.states[fd]), 0L, Interest.NONE);
        }
    }

    /**
     * Polling thread: turns the event {@code (tag, ready)} into the user's key and the readiness
     * masked by the interest, and stores them at index {@code n}.
     *
     * @param ready the {@link Interest} bits the kernel reported, not yet masked
     * @return 1 if the event was stored, 0 if it was dropped (stale, or nothing of interest)
     */
    int resolve(long tag, int ready, long[] keys, int[] readiness, int n) {
        Table t = table;
        int fd = (int) tag;
        int[] states = t.states;
        if (fd < 0 || fd >= states.length) {
            return 0;
        }
        int state = (int) STATES.getAcquire(states, fd);
        int masked = ready & state & Interest.BOTH;
        if (state >>> INTEREST_BITS != (int) (tag >>> 32) || masked == 0) {
            return 0;
        }
        long key = (long) KEYS.getOpaque(t.keys, fd);
        VarHandle.loadLoadFence(); // the second read of the state must not move above the key's
        if ((int) STATES.getOpaque(states, fd) != state) {
            return 0; // changed under us: the epoll_ctl that changed it re-queues the event if still ready
        }
        keys[n] = key;
        readiness[n] = masked;
        return 1;
    }

    private static void publish(Table t, int fd, int generation, long key, int interest) {
        STATES.setOpaque(t.states, fd, INVALID);
        VarHandle.storeStoreFence(); // a reader that sees the new key sees INVALID or the new state
        KEYS.setOpaque(t.keys, fd, key);
        STATES.setRelease(t.states, fd, generation << INTEREST_BITS | interest);
    }

    private static int nextGeneration(int state) {
        int next = (state >>> INTEREST_BITS) + 1;
        return next >= GENERATION_LIMIT ? 0 : next;
    }

    private Table tableFor(int fd) {
        Table t = table;
        if (fd < t.states.length) {
            return t;
        }
        int capacity = Math.max(fd + 1, t.states.length * 2);
        // A tag reaches the kernel only after the table holding it is published, and the polling
        // thread reads the table after epoll_wait returned the tag: it never looks in one too old.
        Table grown = new Table(Arrays.copyOf(t.states, capacity), Arrays.copyOf(t.keys, capacity));
        table = grown;
        return grown;
    }
}
