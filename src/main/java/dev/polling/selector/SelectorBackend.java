package dev.polling.selector;

import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.IllegalSelectorException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.function.Consumer;

import dev.polling.Backend;
import dev.polling.PollMode;
import dev.polling.spi.Errors;
import dev.polling.spi.PollerBackend;
import dev.polling.spi.Timeouts;
import dev.polling.spi.WakeupLatch;

/**
 * The SELECTOR backend: pure Java on a {@link Selector}, for wherever native code is forbidden or
 * cannot load. Oneshot and level modes; JDK channels only (no raw descriptors, no edge mode).
 *
 * <p>How the poller's semantics map onto a selector:
 * <ul>
 *   <li>Each channel's {@link SelectionKey} carries a {@link Registration} as its attachment. Oneshot
 *       is emulated by marking the source disarmed once its event is handed out, and setting its
 *       key's interest to 0 at the start of the next poll if no {@code modify} re-armed it by then
 *       (see {@link PendingDisarms}); {@code modify} restores it.</li>
 *   <li>Selection uses the callback form ({@link Selector#select(Consumer, long)}) with one callback
 *       bound at construction: no selected-key set, no iterator, no lambda per poll.</li>
 *   <li>The JDK applies interest changes and registrations only at the start of a selection, so a
 *       change made by another thread while a poll is blocked wakes the selector itself (an internal
 *       wake-up, which the poller does not see as a {@link #wakeup()}: it just polls again).</li>
 *   <li>User wake-ups coalesce in a {@link WakeupLatch}: many calls cost one
 *       {@link Selector#wakeup()}, which takes a lock inside the JDK.</li>
 *   <li>A polling thread that is interrupted returns at once (the JDK's selector does not block an
 *       interrupted thread), reported as a wake-up; the interrupt status is left set.</li>
 * </ul>
 */
public final class SelectorBackend implements PollerBackend {
    /** The callback of the selection that only flushes cancelled keys: events come again next time. */
    private static final Consumer<SelectionKey> IGNORE = selectionKey -> { };

    private final Selector selector;
    private final PendingDisarms disarms = new PendingDisarms();
    private final ReadyBatch batch = new ReadyBatch(disarms);
    private final Consumer<SelectionKey> onReady = batch::offer;
    private final WakeupLatch wakeups = new WakeupLatch();
    /** The selector's own wake-up, bound once so that a wake-up allocates nothing. */
    private final WakeupLatch.Signal wake = this::wakeSelector;
    private final PendingRegistrations pending = new PendingRegistrations();
    /** The channels added and not deleted: the selector forgets a closed channel, this does not. */
    private final RegisteredChannels registered = new RegisteredChannels();
    /** The thread inside {@link #poll}, or null: registration threads wake it when it is set. */
    private volatile Thread pollingThread;

    /** Why this backend was chosen over a native one, or {@code null} when it was asked for. */
    private final String chosenBecause;

    SelectorBackend(Selector selector) {
        this(selector, null);
    }

    private SelectorBackend(Selector selector, String chosenBecause) {
        this.selector = selector;
        this.chosenBecause = chosenBecause;
    }

    /**
     * Opens a backend on a new {@link Selector} of the default provider.
     *
     * @throws IOException if the selector cannot be opened (e.g. out of descriptors)
     */
    public static PollerBackend open() throws IOException {
        return new SelectorBackend(Selector.open());
    }

    /**
     * Opens a selector backend chosen in place of a native one; {@code chosenBecause} (what would
     * enable the native backend) is told to whoever asks for what only a native backend does.
     *
     * @throws IOException if the selector cannot be opened (e.g. out of descriptors)
     */
    public static PollerBackend open(String chosenBecause) throws IOException {
        return new SelectorBackend(Selector.open(), chosenBecause);
    }

    @Override
    public Backend kind() {
        return Backend.SELECTOR;
    }

    @Override
    public boolean supportsLevel() {
        return true;
    }

    @Override
    public boolean supportsEdge() {
        return false;
    }

    /** The JDK's selector ends on an interrupt and unmounts a virtual thread by itself. */
    @Override
    public boolean waitsInJava() {
        return true;
    }

    @Override
    public boolean supportsRawDescriptors() {
        return false;
    }

    @Override
    public String whyNoRawDescriptors() {
        String base = PollerBackend.super.whyNoRawDescriptors();
        return chosenBecause == null ? base
                : base + "; Poller.create() chose SELECTOR because of this JVM: " + chosenBecause;
    }

    @Override
    public void add(SelectableChannel channel, long key, int interest, PollMode mode) throws IOException {
        requireOpen(channel);
        if (registered.get(channel) != null) {
            throw Errors.alreadyRegistered(channel);
        }
        boolean oneshot = isOneshot(mode);
        SelectionKey existing = channel.keyFor(selector);
        Registration source;
        if (existing == null) {
            source = new Registration(channel, key, interest, oneshot);
            try {
                source.register(selector);
            } catch (CancelledKeyException closedMeanwhile) {
                throw closedChannel(channel, closedMeanwhile);
            } catch (IllegalSelectorException foreign) {
                throw new IllegalArgumentException(channel.getClass().getName()
                        + " comes from another SelectorProvider than the JDK's default; the "
                        + kind() + " backend polls the default provider's channels only", foreign);
            }
        } else {
            // Deleted but not yet dropped by the selector: the polling thread registers it before it waits.
            source = (Registration) existing.attachment();
            if (!source.scheduleRegister(key, interest, oneshot)) {
                requireOpen(channel); // the key was cancelled by a close racing with this call
                throw Errors.alreadyRegistered(channel);
            }
            pending.add(source);
        }
        registered.put(channel, source);
        wakePollingThread();
    }

    @Override
    public void modify(SelectableChannel channel, long key, int interest, PollMode mode) throws IOException {
        requireOpen(channel);
        // Looked up in this backend's record, not with keyFor(): a channel added again after a
        // delete has no key until the polling thread registers it, yet it is registered.
        Registration source = registered.get(channel);
        if (source == null) {
            throw Errors.notRegistered(channel);
        }
        try {
            if (!source.modify(key, interest, isOneshot(mode))) {
                throw Errors.notRegistered(channel);
            }
        } catch (CancelledKeyException closedMeanwhile) {
            throw closedChannel(channel, closedMeanwhile);
        }
        wakePollingThread();
    }

    /**
     * {@inheritDoc}
     *
     * <p>A channel closed while registered may still be deleted (once): closing it already removed
     * it from the selector, so only this backend's own record says it was registered.
     */
    @Override
    public void delete(SelectableChannel channel) throws IOException {
        Registration source = registered.remove(channel);
        if (source == null) {
            throw Errors.notRegistered(channel);
        }
        if (source.delete()) {
            // A blocked poll lets go of the key (and of a closed channel's descriptor) now, not at its next wake-up.
            wakePollingThread();
        }
    }

    @Override
    public void add(int fd, long key, int interest, PollMode mode) {
        throw rawDescriptors();
    }

    @Override
    public void modify(int fd, long key, int interest, PollMode mode) {
        throw rawDescriptors();
    }

    @Override
    public void delete(int fd) {
        throw rawDescriptors();
    }

    @Override
    public int poll(long[] keys, int[] readiness, long timeoutNanos) throws IOException {
        // Published before the queue is checked; add() queues before it reads this: one of the two sees the other.
        pollingThread = Thread.currentThread();
        try {
            // Before any selection: a source disarmed by the last poll must not be selected again.
            disarms.applyAll();
            if (!pending.isEmpty()) {
                selector.selectNow(IGNORE); // drops cancelled keys, so their channels can be registered again
                pending.registerAll(selector);
            }
            batch.begin();
            if (timeoutNanos == 0 || wakeups.isPending()) {
                // A pending wake-up must end this poll, even if the flush above consumed the selector's.
                selector.selectNow(onReady);
            } else if (timeoutNanos < 0) {
                selector.select(onReady);
            } else {
                // Rounded up to at least 1 ms: select(action, 0) would wait without limit.
                selector.select(onReady, Timeouts.toMillisRoundedUp(timeoutNanos));
            }
        } finally {
            pollingThread = null;
        }
        boolean woken = wakeups.isPending();
        if (woken) {
            wakeups.consumed();
        }
        int stored = batch.drainTo(keys, readiness);
        if (stored > 0) {
            return stored;
        }
        return woken || Thread.currentThread().isInterrupted() ? WOKEN : 0;
    }

    @Override
    public void wakeup() {
        wakeups.signal(wake);
    }

    private int wakeSelector() {
        selector.wakeup();
        return 0;
    }

    /** Closes the selector, which deregisters every channel; the channels stay open. */
    @Override
    public void close() throws IOException {
        wakeups.closeAndAwaitSignals();
        pending.clear();
        disarms.clear();
        registered.clear();
        selector.close();
    }

    @Override
    public String toString() {
        return "SelectorBackend[" + selector + "]";
    }

    /**
     * Wakes a poll blocked in another thread so that a registration change takes effect in it: the
     * JDK applies changes only when a selection starts. Never called when no poll is in progress,
     * since {@link Selector#wakeup()} takes a lock and would make the next poll return early.
     */
    private void wakePollingThread() {
        Thread poller = pollingThread;
        if (poller != null && poller != Thread.currentThread()) {
            selector.wakeup();
        }
    }

    private static boolean isOneshot(PollMode mode) {
        // The poller admits only the modes this backend supports: ONESHOT and LEVEL.
        return mode != PollMode.LEVEL;
    }

    private static void requireOpen(SelectableChannel channel) throws ClosedChannelException {
        if (!channel.isOpen()) {
            throw new ClosedChannelException();
        }
    }

    private static ClosedChannelException closedChannel(SelectableChannel channel, RuntimeException cause) {
        if (channel.isOpen()) {
            throw cause; // not a close: a cancelled key here is a bug, do not disguise it
        }
        ClosedChannelException closed = new ClosedChannelException();
        closed.initCause(cause);
        return closed;
    }

    private UnsupportedOperationException rawDescriptors() {
        return new UnsupportedOperationException(
                "the " + kind() + " backend polls JDK channels only, not raw descriptors");
    }
}
