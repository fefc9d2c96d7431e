package dev.polling.mock;

import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import dev.polling.spi.ChannelDescriptors;
import dev.polling.spi.Errors;

/**
 * The mock's sources and the registration rules the real backends enforce: a source registered
 * at most once, modify and delete only of registered sources, closed channels refused, and a
 * channel and the raw descriptor with its number counted as one source (when the channel's
 * descriptor can be read). Guarded by the backend's lock.
 */
final class MockRegistry {
    private final Map<SelectableChannel, MockSource> channels = new IdentityHashMap<>();
    private final Map<Integer, MockSource> descriptors = new HashMap<>();
    /** Registered channels by their OS descriptor number, as far as it can be read. */
    private final Map<Integer, SelectableChannel> channelsByDescriptor = new HashMap<>();

    /** The source of {@code channel}, created on first use (readiness may come before registration). */
    MockSource channel(SelectableChannel channel) {
        return channels.computeIfAbsent(channel, MockSource::new);
    }

    /** The source of raw descriptor {@code fd}, created on first use. */
    MockSource descriptor(int fd) {
        requireValid(fd);
        return descriptors.computeIfAbsent(fd, MockSource::new);
    }

    /** The source to register for {@code channel}, after checking that it may be added. */
    MockSource toAdd(SelectableChannel channel) throws ClosedChannelException {
        requireOpen(channel);
        MockSource source = channel(channel);
        if (source.isRegistered()) {
            throw Errors.alreadyRegistered(channel);
        }
        int fd = descriptorNumber(channel);
        if (fd >= 0) {
            MockSource raw = descriptors.get(fd);
            if (raw != null && raw.isRegistered()) {
                throw Errors.alreadyRegistered(fd);
            }
            channelsByDescriptor.put(fd, channel);
        }
        return source;
    }

    /** The registered source of {@code channel}, to modify. */
    MockSource toModify(SelectableChannel channel) throws ClosedChannelException {
        requireOpen(channel);
        return registered(channels.get(channel), channel);
    }

    /** The registered source of {@code channel}, to delete; a closed channel may be deleted. */
    MockSource toDelete(SelectableChannel channel) {
        MockSource source = registered(channels.get(channel), channel);
        channelsByDescriptor.values().remove(channel);
        return source;
    }

    /** The source to register for raw descriptor {@code fd}, after checking that it may be added. */
    MockSource toAdd(int fd) {
        MockSource source = descriptor(fd);
        if (source.isRegistered()) {
            throw Errors.alreadyRegistered(fd);
        }
        SelectableChannel owner = channelsByDescriptor.get(fd);
        if (owner != null && owner.isOpen() && channels.get(owner).isRegistered()) {
            throw Errors.alreadyRegistered(owner);
        }
        return source;
    }

    /** The registered source of raw descriptor {@code fd}, to modify or delete. */
    MockSource registeredDescriptor(int fd) {
        requireValid(fd);
        return registered(descriptors.get(fd), fd);
    }

    /**
     * The one registered source with {@code key}.
     *
     * @throws IllegalStateException if none, or more than one, has it
     */
    MockSource registeredWithKey(long key) {
        MockSource found = null;
        for (Map<?, MockSource> map : List.of(channels, descriptors)) {
            for (MockSource s : map.values()) {
                if (s.isRegistered() && s.key() == key) {
                    if (found != null) {
                        throw new IllegalStateException("key " + key + " is registered for more than one source ("
                                + Errors.describe(found.id) + ", " + Errors.describe(s.id) + "); fire the source instead");
                    }
                    found = s;
                }
            }
        }
        if (found == null) {
            throw new IllegalStateException("no source is registered with key " + key);
        }
        return found;
    }

    private static MockSource registered(MockSource source, Object id) {
        if (source == null || !source.isRegistered()) {
            throw Errors.notRegistered(id);
        }
        return source;
    }

    /** The channel's OS descriptor, or -1 where it cannot be read (no export flag, not a JDK channel). */
    private static int descriptorNumber(SelectableChannel channel) throws ClosedChannelException {
        if (!ChannelDescriptors.isAvailable()) {
            return -1;
        }
        try {
            return ChannelDescriptors.descriptorOf(channel);
        } catch (IllegalArgumentException | UnsupportedOperationException notReadable) {
            return -1;
        }
    }

    private static void requireOpen(SelectableChannel channel) throws ClosedChannelException {
        if (!channel.isOpen()) {
            throw new ClosedChannelException();
        }
    }

    static void requireValid(int fd) {
        if (fd < 0) {
            throw new IllegalArgumentException("descriptor must not be negative, was " + fd);
        }
    }
}
