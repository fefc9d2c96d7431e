package dev.polling.spi;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.SelectableChannel;

import dev.polling.Backend;
import dev.polling.PollMode;

/**
 * What every backend implements; {@link dev.polling.Poller} is the only caller.
 *
 * <p>Arguments arrive validated: non-null, the key is not reserved, the mode is one that
 * {@link #supportsLevel()}/{@link #supportsEdge()} allow, the channel is non-blocking.
 *
 * <p>Threading, as the Poller guarantees it:
 * <ul>
 *   <li>{@code add}/{@code modify}/{@code delete} are serialized with each other and with
 *       {@link #close()} (the Poller holds one registration lock), but run concurrently with
 *       {@link #poll} and {@link #wakeup()}. A change made while a poll is blocked must take effect
 *       in that same poll without the caller calling {@code wakeup()}.</li>
 *   <li>{@link #poll} runs on one thread at a time, never concurrently with {@link #close()}.</li>
 *   <li>{@link #wakeup()} may run on any thread at any time, including during and after
 *       {@link #close()} (it must then do nothing; see {@link WakeupLatch}).</li>
 * </ul>
 *
 * <p>Registration errors the backend must report: a source already registered →
 * {@link IllegalStateException}; modifying or deleting a source not registered →
 * {@link IllegalStateException}; a closed channel → {@link java.nio.channels.ClosedChannelException}.
 * Use {@link Errors} so messages read the same everywhere. A failed call leaves every other
 * registration intact.
 */
public interface PollerBackend extends Closeable {
    /** Returned by {@link #poll} when the wait ended by {@link #wakeup()} with no user events. */
    int WOKEN = -1;

    /** Which backend this is. */
    Backend kind();

    /** Whether {@link PollMode#LEVEL} works. */
    boolean supportsLevel();

    /** Whether {@link PollMode#EDGE} and {@link PollMode#EDGE_ONESHOT} work. */
    boolean supportsEdge();

    /** Whether raw {@code int} descriptors can be registered. */
    boolean supportsRawDescriptors();

    /** Why raw descriptors are refused, naming what would enable them; asked only when {@link #supportsRawDescriptors()} is false. */
    default String whyNoRawDescriptors() {
        return "the " + kind() + " backend polls JDK channels only, not raw descriptors";
    }

    /** Registers a channel with {@link Interest} bits {@code interest}. */
    void add(SelectableChannel channel, long key, int interest, PollMode mode) throws IOException;

    /** Replaces a registered channel's key, interest and mode, re-arming it. */
    void modify(SelectableChannel channel, long key, int interest, PollMode mode) throws IOException;

    /** Removes a registered channel. */
    void delete(SelectableChannel channel) throws IOException;

    /** Registers a raw descriptor (only called when {@link #supportsRawDescriptors()}). */
    void add(int fd, long key, int interest, PollMode mode) throws IOException;

    /** Replaces a registered descriptor's key, interest and mode, re-arming it. */
    void modify(int fd, long key, int interest, PollMode mode) throws IOException;

    /** Removes a registered descriptor. */
    void delete(int fd) throws IOException;

    /**
     * Waits once for events and stores up to {@code keys.length} of them.
     *
     * <p>{@code readiness[i]} gets the {@link Interest} bits of event {@code i}, already masked by
     * the source's interest; events whose masked readiness is empty are not stored. The caller
     * loops on a return of 0 until its deadline, so a backend may return 0 early (EINTR, an
     * internal wake-up, a filtered event) but must never block past {@code timeoutNanos}.
     *
     * @param timeoutNanos 0 = do not block; negative = no limit; otherwise the most to wait
     *                     (rounded up, never down, to the OS's unit)
     * @return the number of events stored, or {@link #WOKEN} if a {@link #wakeup()} (or close)
     *         ended the wait and no user event was stored
     */
    int poll(long[] keys, int[] readiness, long timeoutNanos) throws IOException;

    /**
     * The descriptor that polls readable while this backend has an event or a wake-up queued (an
     * epoll, kqueue or event-port descriptor), or -1 if it has none. A virtual thread parks on it
     * instead of blocking its carrier in the OS wait (see {@link BlockingWait}).
     */
    default int pollableDescriptor() {
        return -1;
    }

    /**
     * Whether {@link #poll} blocks in Java code (a {@code Selector}, a park) that already ends on an
     * interrupt and lets a virtual thread unmount. False for a native OS wait, which
     * {@link BlockingWait} makes interruptible and hands off or parks for virtual threads.
     */
    default boolean waitsInJava() {
        return false;
    }

    /** Makes a blocked or the next {@link #poll} return; coalescing; lock-free; never throws. */
    void wakeup();

    /** Releases every OS resource. Called once. */
    @Override
    void close() throws IOException;
}
