package dev.polling.selector;

import java.nio.channels.SelectableChannel;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * The channels currently added to a SELECTOR poller, by identity.
 *
 * <p>The selector alone cannot answer "was this closed channel registered?": closing a channel
 * cancels its key and the next selection drops it. This record can, so that deleting a closed
 * channel works once and a second delete fails as on every other backend. Channels closed and
 * never deleted are pruned when the record has doubled since the last prune, so a program that
 * closes without deleting does not grow it without bound (the native backends likewise forget
 * such a channel once its descriptor number is reused). Registration threads only, under the
 * poller's registration lock.
 */
final class RegisteredChannels {
    private static final int MIN_PRUNE_SIZE = 64;

    private final Set<SelectableChannel> channels = Collections.newSetFromMap(new IdentityHashMap<>());
    private int pruneAt = MIN_PRUNE_SIZE;

    /** Records a channel just registered. */
    void add(SelectableChannel channel) {
        channels.add(channel);
        if (channels.size() >= pruneAt) {
            channels.removeIf(c -> !c.isOpen());
            pruneAt = Math.max(MIN_PRUNE_SIZE, channels.size() * 2);
        }
    }

    /** Forgets a channel; false if it was not recorded. */
    boolean remove(SelectableChannel channel) {
        return channels.remove(channel);
    }

    /** Forgets everything (the poller is closing). */
    void clear() {
        channels.clear();
    }
}
