package dev.polling.poll;

import java.util.Arrays;

import dev.polling.spi.Registrations;

/**
 * The registered sources of a POLL backend in pollfd order: slot {@code i} holds one descriptor and
 * becomes entry {@code i + 1} of the pollfd array (entry 0 is the wake pipe). What each source is
 * registered for (key, interest, oneshot, armed) lives in the shared {@link Registrations} table;
 * this class adds only the dense order {@code poll(2)} needs. A descriptor → slot map (an
 * {@code int} array indexed by fd) makes every lookup O(1); removal moves the last slot into the hole.
 *
 * <p>Every change marks its slot in a journal, so that the polling thread copies only the slots
 * that changed into its native array ({@link #changedCount()}, {@link #changedSlot(int)},
 * {@link #clearChanges()}): a re-arm costs O(1), not a rebuild of the whole array.
 *
 * <p>Not thread-safe: the backend guards it with one lock, held by the registering thread while
 * it changes the registry and by the polling thread while it copies changes or reads results.
 * Nothing here allocates except growing the arrays.
 */
final class PollRegistry {
    private static final int NONE = -1;

    private int[] slotOfFd = filled(new int[64]);
    private int[] fds = new int[16];
    private final Registrations sources = new Registrations(64);
    private int count;

    private int[] changed = new int[16];
    private boolean[] isChanged = new boolean[16];
    private int changedCount;

    /** How many sources are registered (slots {@code 0..count-1}). */
    int count() {
        return count;
    }

    /** Whether {@code fd} is registered. */
    boolean contains(int fd) {
        return slotOf(fd) != NONE;
    }

    /** The slot of {@code fd}, or -1. */
    int slotOf(int fd) {
        int[] map = slotOfFd;
        return fd >= 0 && fd < map.length ? map[fd] : NONE;
    }

    /**
     * Registers {@code fd}, armed, in a new slot.
     *
     * @throws IllegalStateException if {@code fd} is already registered
     */
    void add(int fd, long key, int interest, boolean isOneshot) {
        if (contains(fd)) {
            throw new IllegalStateException("descriptor " + fd + " is already in the poll set");
        }
        if (fd >= slotOfFd.length) {
            int old = slotOfFd.length;
            slotOfFd = Arrays.copyOf(slotOfFd, Math.max(fd + 1, old * 2));
            Arrays.fill(slotOfFd, old, slotOfFd.length, NONE);
        }
        if (count == fds.length) {
            grow(count * 2);
        }
        int slot = count++;
        slotOfFd[fd] = slot;
        fds[slot] = fd;
        sources.register(fd, key, interest, isOneshot);
        markChanged(slot);
    }

    /**
     * Replaces the key, interest and mode of {@code fd} and arms it again.
     *
     * @throws IllegalStateException if {@code fd} is not registered
     */
    void update(int fd, long key, int interest, boolean isOneshot) {
        int slot = slotOf(fd);
        if (slot == NONE) {
            throw new IllegalStateException("descriptor " + fd + " is not in the poll set");
        }
        sources.register(fd, key, interest, isOneshot);
        markChanged(slot);
    }

    /** Removes {@code fd}, moving the last slot into its place; false if it was not registered. */
    boolean remove(int fd) {
        int slot = slotOf(fd);
        if (slot == NONE) {
            return false;
        }
        int last = --count;
        if (slot != last) {
            int moved = fds[last];
            fds[slot] = moved;
            slotOfFd[moved] = slot;
            markChanged(slot);
        }
        slotOfFd[fd] = NONE;
        sources.unregister(fd);
        return true;
    }

    /**
     * Marks slot {@code slot} disarmed (a oneshot event was delivered, or the descriptor is gone).
     * Not journaled: the polling thread, which calls this, updates its native entry itself.
     */
    void disarm(int slot) {
        sources.disarm(fds[slot]);
    }

    /** The descriptor in {@code slot}. */
    int fd(int slot) {
        return fds[slot];
    }

    /** The user key in {@code slot}. */
    long key(int slot) {
        return sources.keyOf(fds[slot]);
    }

    /** The {@link dev.polling.spi.Interest} bits in {@code slot}. */
    int interest(int slot) {
        return sources.interestOf(fds[slot]);
    }

    /** Whether {@code slot} is oneshot (else level). */
    boolean isOneshot(int slot) {
        return sources.isOneshot(fds[slot]);
    }

    /**
     * Whether the kernel should watch {@code slot}: armed (registered with a non-empty interest,
     * and for a oneshot source not yet delivered).
     */
    boolean isWatched(int slot) {
        return sources.isArmed(fds[slot]);
    }

    /** How many slots changed since {@link #clearChanges()}; some may now lie past {@link #count()}. */
    int changedCount() {
        return changedCount;
    }

    /** The {@code i}-th changed slot. */
    int changedSlot(int i) {
        return changed[i];
    }

    /** Forgets the journal, once the changes are copied. */
    void clearChanges() {
        for (int i = 0; i < changedCount; i++) {
            isChanged[changed[i]] = false;
        }
        changedCount = 0;
    }

    private void markChanged(int slot) {
        if (!isChanged[slot]) {
            isChanged[slot] = true;
            changed[changedCount++] = slot; // each slot once, so the journal never outgrows the slots
        }
    }

    private void grow(int capacity) {
        fds = Arrays.copyOf(fds, capacity);
        changed = Arrays.copyOf(changed, capacity);
        isChanged = Arrays.copyOf(isChanged, capacity);
    }

    private static int[] filled(int[] array) {
        Arrays.fill(array, NONE);
        return array;
    }
}
