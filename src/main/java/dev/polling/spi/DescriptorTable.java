package dev.polling.spi;

import java.util.Arrays;

/**
 * Which source owns each registered descriptor: a growable array indexed by descriptor number,
 * so that a lookup on the re-arm path is one bounds check and one load. Not thread-safe: used
 * under the poller's registration lock.
 */
public final class DescriptorTable {
    private Object[] owners = new Object[64];
    private int size;

    /** The owner registered for {@code fd}, or {@code null}. */
    public Object get(int fd) {
        Object[] o = owners;
        return fd >= 0 && fd < o.length ? o[fd] : null;
    }

    /** Records {@code owner} for {@code fd}, replacing any previous owner. */
    public void put(int fd, Object owner) {
        if (fd < 0) {
            throw new IllegalArgumentException("descriptor must not be negative, was " + fd);
        }
        if (fd >= owners.length) {
            owners = Arrays.copyOf(owners, Math.max(fd + 1, owners.length * 2));
        }
        if (owners[fd] == null) {
            size++;
        }
        owners[fd] = owner;
    }

    /** Forgets {@code fd}; returns the owner it had, or {@code null}. */
    public Object remove(int fd) {
        Object previous = get(fd);
        if (previous != null) {
            owners[fd] = null;
            size--;
        }
        return previous;
    }

    /** How many descriptors are registered. */
    public int size() {
        return size;
    }

    /** Calls {@code action} for each registered descriptor. */
    public void forEach(java.util.function.IntConsumer action) {
        Object[] o = owners;
        for (int fd = 0; fd < o.length; fd++) {
            if (o[fd] != null) {
                action.accept(fd);
            }
        }
    }
}
