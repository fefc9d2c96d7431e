package dev.polling.poll;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.SelectableChannel;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.polling.Backend;
import dev.polling.PollMode;
import dev.polling.spi.Binding;
import dev.polling.spi.DescriptorBackend;
import dev.polling.spi.Errno;
import dev.polling.spi.FileFlags;
import dev.polling.spi.Platform;
import dev.polling.spi.PollerBackend;
import dev.polling.spi.Timeouts;
import dev.polling.spi.WakePipe;
import dev.polling.spi.WakeupLatch;

/**
 * The POLL backend: POSIX {@code poll(2)} through the OS interface {@link PollOs}, the portable fallback for a Unix
 * without epoll, kqueue or event ports. {@link PollMode#ONESHOT} and {@link PollMode#LEVEL};
 * no edge modes ({@code poll(2)} only reports levels).
 *
 * <p><b>How it works.</b> The registered sources live in a {@link PollRegistry}; the polling
 * thread mirrors them into a native {@code struct pollfd} array ({@link PollFdArray}) whose entry
 * 0 is the read end of a {@link WakePipe}. Oneshot is emulated: once a oneshot source's event is
 * stored, its entry gets {@code fd = -1} until {@code modify} re-arms it. ({@code events = 0} is
 * not enough: the kernel reports {@code POLLHUP}/{@code POLLERR} even for entries that request
 * nothing; a negative fd is skipped altogether.) A level source keeps its entry.
 *
 * <p><b>Threads.</b> The registry is guarded by one lock. A registering thread holds it while it
 * changes the registry and marks the change; the polling thread holds it only to copy the changed
 * slots into its native array (before {@code poll(2)}) and to read results and disarm oneshot
 * sources (after), never across {@code poll(2)} itself. A change made while another thread sits in
 * {@code poll(2)} writes an <em>internal</em> byte to the wake pipe: the poll returns 0 (not
 * {@link PollerBackend#WOKEN}), and the Poller polls again, with the remaining time, on the
 * updated array. The two kinds of wake-up share the pipe and are told apart by flags: the
 * {@link WakeupLatch} for {@code wakeup()}, {@code pokePending} for internal pokes. A change
 * made by the polling thread itself (the usual re-arm after an event) needs no poke: the next
 * poll copies it first.
 *
 * <p><b>Descriptors closed without {@code delete}.</b> The kernel then reports {@code POLLNVAL}
 * on every call, which would spin a level-triggered loop and would let an unrelated file that
 * reuses the number be polled under the old key. This backend disarms such an entry at once, as if
 * its oneshot event had fired, and never reports {@code POLLNVAL} as an event. The registration
 * itself is kept until {@code delete} (or until a new channel with the same number replaces a
 * closed one), exactly as on epoll, whose kernel drops a closed descriptor but whose registration
 * table does not: so {@code delete} after {@code close} still works, and nothing but the
 * registering thread ever touches the descriptor table. A {@code modify} re-arms the entry (and
 * disarms it again if the descriptor is still closed).
 *
 * <p><b>Limits.</b> {@code poll(2)} takes whole milliseconds: timeouts are rounded up, so a
 * 100 µs wait takes about a millisecond. Each poll scans every registered entry (the kernel does
 * too): cost grows with the number of sources, not with the number of ready ones. A regular file
 * is accepted and always ready, as POSIX says. Events are gathered starting where the last full
 * batch stopped, so level sources beyond a small {@code Events} capacity still get their turn.
 */
public final class PollBackend extends DescriptorBackend {
    private static final System.Logger LOG = System.getLogger("dev.polling");
    private static final int INITIAL_ENTRIES = 64;
    private final PollOs os;
    private final PollAbi abi;
    private final WakePipe wakePipe;
    private final WakeupLatch latch = new WakeupLatch();

    /** Guards {@link #registry}; held briefly, never across {@code poll(2)} or a pipe write. */
    private final Object lock = new Object();
    private final PollRegistry registry = new PollRegistry();
    /** The registry has changes the native array does not have yet. Written under {@link #lock}. */
    private volatile boolean dirty;
    /** The polling thread is in, or about to enter, {@code poll(2)}: a change must poke it. */
    private volatile boolean inPoll;
    /** An internal byte is in (or on its way to) the wake pipe; the next drain clears it. */
    private final AtomicBoolean pokePending = new AtomicBoolean();

    // Owned by the polling thread (and by close(), which never runs during a poll).
    private final PollFdArray pollFds;
    private int nfds = 1;
    /** The slot where gathering starts: where the last full batch left a ready source behind. */
    private int cursor;

    PollBackend(PollOs os, PollAbi abi, FileFlags flags) throws IOException {
        this.os = os;
        this.abi = abi;
        this.wakePipe = WakePipe.open(os, flags);
        try {
            this.pollFds = new PollFdArray(os, INITIAL_ENTRIES);
        } catch (RuntimeException | Error e) {
            wakePipe.close();
            throw e;
        }
        pollFds.set(0, wakePipe.readFd(), abi.pollIn);
    }

    /**
     * Opens a POLL backend on {@code binding}: binds the C library, creates the wake pipe.
     *
     * @throws IOException  if this OS has no known {@code poll(2)} numbers, or the pipe cannot be created
     * @throws LinkageError if the binding or the C library cannot load
     */
    public static PollerBackend open(Binding binding) throws IOException {
        String osName = System.getProperty("os.name", "");
        PollAbi abi;
        try {
            abi = PollAbi.forPlatform(Platform.current(), osName);
        } catch (UnsupportedOperationException e) {
            throw new IOException(e.getMessage(), e);
        }
        return new PollBackend(binding.load(PollOs.class, PollAbi.class, abi), abi, FileFlags.current());
    }

    @Override
    public Backend kind() {
        return Backend.POLL;
    }

    @Override
    public boolean supportsLevel() {
        return true;
    }

    /** Always false: {@code poll(2)} reports levels only. */
    @Override
    public boolean supportsEdge() {
        return false;
    }

    /**
     * A raw descriptor: poll(2) takes any number and answers POLLNVAL later, so ask now, and a
     * descriptor that is not open fails at add(), as it does on the other backends.
     */
    @Override
    protected void register(int fd, long key, int interest, PollMode mode) throws IOException {
        int r = os.fcntl(fd, FileFlags.current().fGetFd(), 0);
        if (r < 0) {
            int errno = -r;
            IOException cause = Errno.failed("fcntl(fd " + fd + ", F_GETFD)", errno);
            if (errno == Errno.EBADF) { // bad input, as on epoll: the caller passed a number that is not open
                throw new IllegalArgumentException("descriptor " + fd + " is not open: " + cause.getMessage(), cause);
            }
            throw cause;
        }
        store(fd, key, interest, mode);
    }

    /**
     * A JDK channel, checked open by the caller: no system call. One closed since then is what
     * poll(2) reports as POLLNVAL, handled as any channel closed while registered.
     */
    @Override
    protected void register(SelectableChannel channel, int fd, long key, int interest, PollMode mode) throws IOException {
        store(fd, key, interest, mode);
    }

    private void store(int fd, long key, int interest, PollMode mode) throws IOException {
        boolean poke;
        synchronized (lock) {
            registry.add(fd, key, interest, isOneshot(mode));
            poke = changed();
        }
        if (poke) {
            wakePipe.signal();
        }
    }

    @Override
    protected void reregister(int fd, long key, int interest, PollMode mode) {
        boolean oneshot = isOneshot(mode);
        boolean poke;
        synchronized (lock) {
            registry.update(fd, key, interest, oneshot);
            poke = changed();
        }
        if (poke) {
            wakePipe.signal();
        }
    }

    @Override
    protected void deregister(int fd, boolean sourceClosed) {
        boolean poke = false;
        synchronized (lock) {
            if (registry.remove(fd)) {
                poke = changed();
            }
        }
        if (poke) {
            wakePipe.signal();
        }
    }

    @Override
    public int poll(long[] keys, int[] readiness, long timeoutNanos) throws IOException {
        int timeoutMillis = Timeouts.toMillisRoundedUp(timeoutNanos);
        int ready;
        int errno = 0;
        inPoll = true; // then read dirty: a registering thread writes dirty, then reads inPoll
        try {
            if (dirty) {
                synchronized (lock) {
                    applyChanges();
                }
            }
            ready = os.poll(pollFds.buffer(), nfds, timeoutMillis);
            if (ready < 0) {
                errno = -ready;
            }
        } finally {
            inPoll = false;
        }
        if (ready <= 0) {
            if (ready == 0 || errno == Errno.EINTR) {
                return 0; // timed out, or a signal handler ran: the Poller retries with the time left
            }
            throw Errno.failed("poll(nfds " + nfds + ", timeout " + timeoutMillis + " ms)", errno);
        }
        boolean woken = false;
        if (pollFds.revents(0) != 0) {
            ready--;
            wakePipe.drain();
            // Clear the flags only after draining: a signal sent after the drain must leave its byte.
            pokePending.set(false);
            if (latch.isPending()) {
                latch.consumed();
                woken = true;
            }
        }
        int stored = 0;
        if (ready > 0) {
            synchronized (lock) {
                if (dirty) {
                    applyChanges(); // slots changed during the wait: their results are stale, drop them
                }
                stored = gather(keys, readiness, ready);
            }
        }
        return stored > 0 ? stored : woken ? WOKEN : 0;
    }

    @Override
    public void wakeup() {
        latch.signal(wakePipe);
    }

    /** Stops wake-ups, waits out one in flight, closes the wake pipe and frees the pollfd array. */
    @Override
    public void close() throws IOException {
        latch.closeAndAwaitSignals();
        try {
            wakePipe.close();
        } finally {
            pollFds.close();
        }
    }

    /**
     * Marks the registry changed; returns whether the caller must poke the polling thread (it is
     * in {@code poll(2)} and no internal byte is pending yet). Called under {@link #lock}.
     */
    private boolean changed() {
        dirty = true; // then read inPoll: the polling thread writes inPoll, then reads dirty
        return inPoll && pokePending.compareAndSet(false, true);
    }

    /** Copies the changed slots into the native array, zeroing their stale results. */
    private void applyChanges() {
        assert Thread.holdsLock(lock);
        dirty = false;
        int count = registry.count();
        pollFds.ensureCapacity(count + 1);
        for (int i = 0, n = registry.changedCount(); i < n; i++) {
            int slot = registry.changedSlot(i);
            if (slot >= count) {
                continue; // removed: the entry now lies past nfds
            }
            if (registry.isWatched(slot)) {
                pollFds.set(slot + 1, registry.fd(slot), abi.eventsFor(registry.interest(slot)));
            } else {
                pollFds.ignore(slot + 1);
            }
        }
        registry.clearChanges();
        nfds = count + 1;
    }

    /**
     * Stores up to {@code keys.length} events from the entries {@code poll(2)} marked, starting at
     * {@link #cursor}; disarms oneshot sources whose event is stored, and only those.
     */
    private int gather(long[] keys, int[] readiness, int ready) {
        assert Thread.holdsLock(lock);
        int count = registry.count();
        int slot = cursor < count ? cursor : 0;
        int stored = 0;
        int seen = 0;
        for (int k = 0; k < count && seen < ready; k++) {
            int revents = pollFds.revents(slot + 1);
            if (revents != 0) {
                seen++;
                if (abi.isInvalid(revents)) {
                    disarmClosed(slot);
                } else {
                    int got = abi.readinessOf(revents) & registry.interest(slot);
                    if (got != 0) {
                        if (stored == keys.length) {
                            cursor = slot; // full: this source stays armed and goes first next time
                            return stored;
                        }
                        keys[stored] = registry.key(slot);
                        readiness[stored] = got;
                        stored++;
                        if (registry.isOneshot(slot)) {
                            registry.disarm(slot);
                            pollFds.ignore(slot + 1);
                        }
                    }
                }
            }
            slot = slot + 1 == count ? 0 : slot + 1;
        }
        return stored;
    }

    /** POLLNVAL: the descriptor was closed without delete. Stop polling it; report nothing. */
    private void disarmClosed(int slot) {
        registry.disarm(slot);
        pollFds.ignore(slot + 1);
        if (LOG.isLoggable(Level.DEBUG)) {
            LOG.log(Level.DEBUG, "polling: descriptor " + registry.fd(slot) + " (key " + registry.key(slot)
                    + ") was closed while registered with a POLL poller; it is no longer polled");
        }
    }

    private static boolean isOneshot(PollMode mode) {
        switch (mode) {
            case ONESHOT:
                return true;
            case LEVEL:
                return false;
            default:
                throw new UnsupportedOperationException("the POLL backend cannot do " + mode + " (poll(2) reports levels only)");
        }
    }
}
