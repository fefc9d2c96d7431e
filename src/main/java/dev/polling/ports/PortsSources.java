package dev.polling.ports;

import java.util.Arrays;

import dev.polling.spi.Interest;

/**
 * What the event-ports backend knows about each registered descriptor, in arrays indexed by
 * descriptor. Every association carries the registration's <em>generation</em> as its user value;
 * an event with another generation was associated before a modify or delete, and is not reported.
 * A source is armed from {@code add}/{@code modify} until its one event is stored (event ports
 * dissociate a descriptor when its event is retrieved). Not thread-safe: used under the backend's lock.
 */
final class PortsSources {
    private long[] generation = new long[64];
    private long[] key = new long[64];
    private int[] interest = new int[64];
    private boolean[] armed = new boolean[64];

    /** Records (or replaces) {@code fd}'s registration; armed when the interest is not empty. */
    void put(int fd, long gen, long userKey, int interestBits) {
        if (fd >= generation.length) {
            int n = Math.max(fd + 1, generation.length * 2);
            generation = Arrays.copyOf(generation, n);
            key = Arrays.copyOf(key, n);
            interest = Arrays.copyOf(interest, n);
            armed = Arrays.copyOf(armed, n);
        }
        generation[fd] = gen;
        key[fd] = userKey;
        interest[fd] = interestBits & Interest.BOTH;
        armed[fd] = (interestBits & Interest.BOTH) != 0;
    }

    /** Forgets {@code fd}: nothing more is reported for it until {@link #put}. */
    void remove(int fd) {
        if (fd >= 0 && fd < generation.length) {
            generation[fd] = 0;
            interest[fd] = 0;
            armed[fd] = false;
        }
    }

    /** The current generation of {@code fd}, or 0 if it is not registered. */
    long generationOf(int fd) {
        return fd >= 0 && fd < generation.length ? generation[fd] : 0;
    }

    /** Whether {@code fd} is associated and waiting for its event. */
    boolean isArmed(int fd) {
        return fd >= 0 && fd < armed.length && armed[fd];
    }

    /** The interest bits of {@code fd}. */
    int interestOf(int fd) {
        return fd >= 0 && fd < interest.length ? interest[fd] : 0;
    }

    /**
     * Stores the event of an armed, current source and disarms it.
     *
     * @param readiness the event's {@link Interest} bits before masking
     * @return {@code stored + 1} if stored, else {@code stored}
     */
    int deliver(int fd, long gen, int readiness, long[] keys, int[] out, int stored) {
        if (gen == 0 || generationOf(fd) != gen || !armed[fd]) {
            return stored;
        }
        int r = readiness & interest[fd];
        if (r == 0) {
            return stored;
        }
        keys[stored] = key[fd];
        out[stored] = r;
        armed[fd] = false;
        return stored + 1;
    }
}
