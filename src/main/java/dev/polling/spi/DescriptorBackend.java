package dev.polling.spi;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;

import dev.polling.PollMode;

/**
 * The base of every backend that registers OS descriptors (epoll, poll, kqueue, event ports,
 * AFD): it turns channels into descriptors, keeps the descriptor → source table, and applies the
 * registration rules once for all of them, so that a backend implements only the OS calls.
 *
 * <p>A channel closed while registered leaves a stale entry behind; when a new source arrives
 * with the same descriptor number, the stale entry is dropped ({@link #deregister} with
 * {@code sourceClosed = true}) and the new source registered. Raw descriptors cannot be checked
 * that way: delete them before closing them.
 */
public abstract class DescriptorBackend implements PollerBackend {
    /** The owner recorded for a raw descriptor. */
    private static final Object RAW = new Object() {
        @Override
        public String toString() {
            return "raw descriptor";
        }
    };

    private final DescriptorTable owners = new DescriptorTable();

    /** Registers {@code fd} with the OS. Arguments are validated; the descriptor is not registered yet. */
    protected abstract void register(int fd, long key, int interest, PollMode mode) throws IOException;

    /**
     * Registers {@code fd}, the descriptor of {@code channel}. The default calls
     * {@link #register(int, long, int, PollMode)}; a backend whose OS keeps a file open while a
     * request on it is in flight (io_uring) overrides it to recognise a channel closed meanwhile.
     */
    protected void register(SelectableChannel channel, int fd, long key, int interest, PollMode mode) throws IOException {
        register(fd, key, interest, mode);
    }

    /** Changes a registered {@code fd}'s key, interest and mode, re-arming it. */
    protected abstract void reregister(int fd, long key, int interest, PollMode mode) throws IOException;

    /**
     * Removes {@code fd} from the OS. With {@code sourceClosed}, the source's descriptor is already
     * closed (its number may even belong to a new file): undo only what is safe and ignore errors.
     */
    protected abstract void deregister(int fd, boolean sourceClosed) throws IOException;

    @Override
    public boolean supportsRawDescriptors() {
        return true;
    }

    /** How many sources are registered. */
    protected final int registeredCount() {
        return owners.size();
    }

    /** Each registered descriptor, for close(). */
    protected final void forEachRegistered(java.util.function.IntConsumer action) {
        owners.forEach(action);
    }

    @Override
    public final void add(SelectableChannel channel, long key, int interest, PollMode mode) throws IOException {
        int fd = ChannelDescriptors.descriptorOf(channel);
        Object owner = owners.get(fd);
        if (owner == channel) {
            throw Errors.alreadyRegistered(channel);
        }
        if (owner != null) {
            if (!isClosedChannel(owner)) {
                throw Errors.alreadyRegistered(owner == RAW ? Integer.valueOf(fd) : owner);
            }
            dropStale(fd);
        }
        try {
            register(channel, fd, key, interest, mode);
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            throwIfClosed(channel, e);
            throw e;
        }
        owners.put(fd, channel);
    }

    @Override
    public final void modify(SelectableChannel channel, long key, int interest, PollMode mode) throws IOException {
        int fd = ChannelDescriptors.descriptorOf(channel);
        if (owners.get(fd) != channel) {
            throw Errors.notRegistered(channel);
        }
        try {
            reregister(fd, key, interest, mode);
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            throwIfClosed(channel, e);
            throw e;
        }
    }

    @Override
    public final void delete(SelectableChannel channel) throws IOException {
        boolean closed = !channel.isOpen();
        int fd = closed ? findDescriptor(channel) : ChannelDescriptors.descriptorOf(channel);
        if (fd < 0 || owners.get(fd) != channel) {
            throw Errors.notRegistered(channel);
        }
        owners.remove(fd);
        deregister(fd, closed);
    }

    @Override
    public final void add(int fd, long key, int interest, PollMode mode) throws IOException {
        requireValid(fd);
        Object owner = owners.get(fd);
        if (owner != null) {
            if (!isClosedChannel(owner)) {
                throw Errors.alreadyRegistered(owner == RAW ? Integer.valueOf(fd) : owner);
            }
            dropStale(fd);
        }
        register(fd, key, interest, mode);
        owners.put(fd, RAW);
    }

    @Override
    public final void modify(int fd, long key, int interest, PollMode mode) throws IOException {
        requireValid(fd);
        if (owners.get(fd) != RAW) {
            throw Errors.notRegistered(fd);
        }
        reregister(fd, key, interest, mode);
    }

    @Override
    public final void delete(int fd) throws IOException {
        requireValid(fd);
        if (owners.get(fd) != RAW) {
            throw Errors.notRegistered(fd);
        }
        owners.remove(fd);
        deregister(fd, false);
    }

    /** Forgets a source the OS reported as gone (e.g. poll's POLLNVAL), without touching the OS. */
    protected final void forget(int fd) {
        owners.remove(fd);
    }

    private void dropStale(int fd) throws IOException {
        owners.remove(fd);
        deregister(fd, true);
    }

    private int findDescriptor(SelectableChannel closedChannel) {
        int[] found = {-1};
        owners.forEach(fd -> {
            if (owners.get(fd) == closedChannel) {
                found[0] = fd;
            }
        });
        return found[0];
    }

    /**
     * A channel closed by another thread between reading its descriptor and the OS call makes the
     * OS fail on a closed (EBADF) or reused (ENOENT) descriptor: report that as the closed channel it is.
     */
    private static void throwIfClosed(SelectableChannel channel, Exception failure) throws ClosedChannelException {
        if (!channel.isOpen() && !(failure instanceof ClosedChannelException)) {
            ClosedChannelException closed = new ClosedChannelException();
            closed.initCause(failure);
            throw closed;
        }
    }

    private static boolean isClosedChannel(Object owner) {
        return owner instanceof SelectableChannel ch && !ch.isOpen();
    }

    private static void requireValid(int fd) {
        if (fd < 0) {
            throw new IllegalArgumentException("descriptor must not be negative, was " + fd);
        }
    }
}
