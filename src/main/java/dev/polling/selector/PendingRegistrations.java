package dev.polling.selector;

import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;

/**
 * Sources added again after a delete whose cancelled key the selector has not dropped yet.
 *
 * <p>A cancelled key leaves the selector only during its next selection, and until then the JDK
 * refuses to register the channel again ({@link java.nio.channels.CancelledKeyException}). So
 * {@code add} after {@code delete} queues the source here; the polling thread flushes the
 * cancelled keys with a non-blocking selection and registers the queue before it waits. Filled
 * by registration threads, drained by the polling thread.
 */
final class PendingRegistrations {
    private final List<Registration> queue = new ArrayList<>();
    /** Lets the polling thread skip the lock when nothing is queued, which is almost always. */
    private volatile boolean empty = true;

    /** Queues a source whose {@link Registration#scheduleRegister} succeeded. */
    void add(Registration source) {
        synchronized (queue) {
            queue.add(source);
            empty = false;
        }
    }

    /** Whether nothing is queued. */
    boolean isEmpty() {
        return empty;
    }

    /**
     * Registers every queued source with {@code selector}; a source the selector still refuses
     * stays queued for the next poll. Polling thread only, after a selection flushed the
     * cancelled keys.
     */
    void registerAll(Selector selector) {
        synchronized (queue) {
            int kept = 0;
            for (int i = 0, n = queue.size(); i < n; i++) {
                Registration source = queue.get(i);
                if (!source.registerAgain(selector)) {
                    queue.set(kept++, source);
                }
            }
            queue.subList(kept, queue.size()).clear();
            empty = kept == 0;
        }
    }

    /** Forgets every queued source (the selector is closing). */
    void clear() {
        synchronized (queue) {
            queue.clear();
            empty = true;
        }
    }
}
