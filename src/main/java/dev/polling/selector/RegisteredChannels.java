package dev.polling.selector;

import java.nio.channels.SelectableChannel;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The channels currently added to a SELECTOR poller, by identity, with their {@link Registration}.
 *
 * <p>The selector alone cannot answer "is this channel registered?": closing a channel cancels its
 * key and the next selection drops it, and a channel added again after a delete has no key until
 * the polling thread registers it. This record answers for both, so that {@code modify} and
 * {@code delete} work right after {@code add} whatever a concurrent selection did, and deleting a
 * closed channel works once. Channels closed and never deleted are pruned when the record has
 * doubled since the last prune, so a program that closes without deleting does not grow it without
 * bound (the native backends likewise forget such a channel once its descriptor number is reused).
 * Registration threads only, under the poller's registration lock.
 */
final class RegisteredChannels {
    private static final int MIN_PRUNE_SIZE = 64;

    private final Map<SelectableChannel, Registration> channels = new IdentityHashMap<>();
    private int pruneAt = MIN_PRUNE_SIZE;

    /** The registration of {@code channel}, or {@code null} if it is not added. */
    Registration get(SelectableChannel channel) {
        return channels.get(channel);
    }

    /** Records a channel just added. */
    void put(SelectableChannel channel, Registration source) {
        channels.put(channel, source);
        if (channels.size() >= pruneAt) {
            channels.keySet().removeIf(c -> !c.isOpen());
            pruneAt = Math.max(MIN_PRUNE_SIZE, channels.size() * 2);
        }
    }

    /** Forgets a channel; returns its registration, or {@code null} if it was not recorded. */
    Registration remove(SelectableChannel channel) {
        return channels.remove(channel);
    }

    /** Forgets everything (the poller is closing). */
    void clear() {
        channels.clear();
    }
}
