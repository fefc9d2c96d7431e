package dev.polling.selector;

import java.util.Arrays;

/**
 * Oneshot sources whose event was handed out, waiting for their key's interest to be set to 0.
 * Polling thread only.
 *
 * <p>Disarming is lazy because changing a key's interest costs the JDK a map lookup that boxes the
 * descriptor: a source re-armed with the same interest before the next poll (the usual event loop)
 * then never touches its key at all. The next poll applies what is still disarmed before it
 * selects, so a disarmed source is never selected again. The array grows to the most events ever
 * handed out by one poll and is reused, so a steady state allocates nothing.
 */
final class PendingDisarms {
    private Registration[] sources = new Registration[16];
    private int count;

    /** Queues a source whose {@link Registration#disarm} succeeded. */
    void add(Registration source) {
        if (count == sources.length) {
            sources = Arrays.copyOf(sources, count * 2);
        }
        sources[count++] = source;
    }

    /** How many sources are queued. */
    int size() {
        return count;
    }

    /** Sets the key's interest to 0 for every queued source still disarmed, then forgets them all. */
    void applyAll() {
        for (int i = 0, n = count; i < n; i++) {
            Registration source = sources[i];
            sources[i] = null; // keep no deleted channel reachable
            source.applyDisarm();
        }
        count = 0;
    }

    /** Forgets every queued source (the selector is closing). */
    void clear() {
        Arrays.fill(sources, 0, count, null);
        count = 0;
    }
}
