package dev.polling.ports;

import static dev.polling.ports.PortsAbi.POLLERR;
import static dev.polling.ports.PortsAbi.POLLHUP;
import static dev.polling.ports.PortsAbi.POLLIN;
import static dev.polling.ports.PortsAbi.POLLNVAL;
import static dev.polling.ports.PortsAbi.POLLOUT;
import static dev.polling.ports.PortsAbi.POLLPRI;
import static dev.polling.ports.PortsAbi.PORT_SOURCE_FD;
import static dev.polling.ports.PortsAbi.PORT_SOURCE_USER;

import java.io.IOException;

import dev.polling.Backend;
import dev.polling.Event;
import dev.polling.PollMode;
import dev.polling.spi.Binding;
import dev.polling.spi.DescriptorBackend;
import dev.polling.spi.Errno;
import dev.polling.spi.EventArray;
import dev.polling.spi.FileFlags;
import dev.polling.spi.Interest;
import dev.polling.spi.NativeBuffer;
import dev.polling.spi.NativeLibraries;
import dev.polling.spi.Platform;
import dev.polling.spi.PollerBackend;
import dev.polling.spi.Registrations;
import dev.polling.spi.Timespec;
import dev.polling.spi.WakeupLatch;

/**
 * The EVENT_PORTS backend: illumos and Solaris event ports, ONESHOT only.
 *
 * <p>{@code port_associate} arms a descriptor for exactly one event; retrieving the event
 * dissociates it, which is ONESHOT natively, so a source is associated again only by
 * {@code modify}. The association's user value is the registration's tag in the shared
 * {@link Registrations} table, which holds each source oneshot: armed from {@code add}/{@code modify}
 * until its one event is stored. {@code port_getn} may return events together with {@code ETIME} or
 * {@code EINTR}; they are always processed. Wake-up is {@code port_send}, coalesced by a
 * {@link WakeupLatch} because every send queues one more event.
 */
public final class EventPortsBackend extends DescriptorBackend {
    /** The most events one wait reads, whatever the caller's capacity: bounds the native buffer. */
    static final int MAX_BATCH = 4096;
    /** The user value of the wake-up event ({@code port_send}). */
    static final long WAKE_USER = Event.RESERVED_KEY;

    private static final System.Logger LOG = System.getLogger("dev.polling");

    private final PortsOs sys;
    private final int port;
    private final WakeupLatch latch = new WakeupLatch();
    /** The wake-up event, bound once so that a wake-up allocates nothing. */
    private final WakeupLatch.Signal send = this::sendWakeup;
    /** Guards the sources table; the poll thread takes it only to read a batch. */
    private final Object lock = new Object();
    private final Registrations sources = new Registrations(64);
    private final NativeBuffer nget;
    private final NativeBuffer timeout;
    private final EventArray list;

    EventPortsBackend(PortsOs sys) throws IOException {
        this.sys = sys;
        int fd = sys.portCreate();
        if (fd < 0) {
            throw Errno.failed("port_create()", -fd);
        }
        this.port = fd;
        nget = sys.allocate(4);
        timeout = sys.allocate(Timespec.SIZE);
        list = new EventArray(sys, PortEventLayout.SIZE, 64);
        FileFlags flags = FileFlags.current();
        int r = sys.fcntl(port, flags.fSetFd(), flags.fdCloexec());
        if (r < 0) {
            release();
            throw Errno.failed("fcntl(port " + port + ", F_SETFD, FD_CLOEXEC)", -r);
        }
    }

    /**
     * Opens an event-port backend, from the C library or the library named by
     * {@code -Dpolling.event_ports.library}, on {@code binding}.
     *
     * @throws IOException if event ports are not available here (the message says why) or the OS refuses one
     */
    public static PollerBackend open(Binding binding) throws IOException {
        Platform.Os os = Platform.current().os();
        String given = System.getProperty(NativeLibraries.libraryProperty("event_ports"));
        String where = given == null || given.isBlank() ? "libc"
                : "library '" + given.trim() + "' (-D" + NativeLibraries.libraryProperty("event_ports") + ")";
        PortsOs sys;
        try {
            sys = binding.load(PortsOs.class);
        } catch (LinkageError e) {
            throw new IOException("event ports are not available on " + os.displayName() + ": cannot load " + where + NativeLibraries.causeDetail(e), e);
        }
        try {
            return new EventPortsBackend(sys);
        } catch (LinkageError e) { // symbols resolve on first call: port_create() is the first
            throw new IOException(unavailableMessage(os, where, e), e);
        }
    }

    /** Why event ports could not be bound on {@code os} from {@code where}. */
    static String unavailableMessage(Platform.Os os, String where, Throwable cause) {
        if (os != Platform.Os.SOLARIS) {
            return "event ports are not available on " + os.displayName() + ": no port_create() in " + where + "; set -D"
                    + NativeLibraries.libraryProperty("event_ports") + "=NAME to a library with the illumos event-port ABI"
                    + NativeLibraries.causeDetail(cause);
        }
        return "event ports cannot be bound on illumos/Solaris: no port_create() in " + where + NativeLibraries.causeDetail(cause);
    }

    /** An event port polls readable while it has events queued, {@code port_send} wake-ups included. */
    @Override
    public int pollableDescriptor() {
        return port;
    }

    @Override
    public Backend kind() {
        return Backend.EVENT_PORTS;
    }

    @Override
    public boolean supportsLevel() {
        return false;
    }

    @Override
    public boolean supportsEdge() {
        return false;
    }

    // ---------------------------------------------------------------- registration

    @Override
    protected void register(int fd, long key, int interest, PollMode mode) throws IOException {
        requireOneshot(mode);
        synchronized (lock) {
            long tag = sources.register(fd, key, interest, true);
            if ((interest & Interest.BOTH) != 0) {
                try {
                    associate(fd, interest, tag, "add");
                } catch (IOException | RuntimeException e) {
                    sources.unregister(fd);
                    throw e;
                }
            }
        }
    }

    @Override
    protected void reregister(int fd, long key, int interest, PollMode mode) throws IOException {
        requireOneshot(mode);
        synchronized (lock) {
            long tag = sources.register(fd, key, interest, true);
            try {
                if ((interest & Interest.BOTH) != 0) {
                    associate(fd, interest, tag, "modify"); // replaces the events and user value of an association
                } else {
                    dissociate(fd, "modify");
                }
            } catch (IOException | RuntimeException e) {
                sources.unregister(fd); // registered but silent: nothing is associated under its tag
                throw e;
            }
        }
    }

    @Override
    protected void deregister(int fd, boolean sourceClosed) throws IOException {
        synchronized (lock) {
            sources.unregister(fd);
            if (!sourceClosed) { // close(2) removed the association already
                dissociate(fd, "delete");
            }
        }
    }

    private void associate(int fd, int interest, long tag, String op) throws IOException {
        int r = sys.portAssociate(port, PORT_SOURCE_FD, fd, pollEvents(interest), tag);
        if (r < 0) {
            String message = "port_associate(" + op + ", fd " + fd + "): " + Errno.describe(-r);
            if (-r == Errno.EINVAL) {
                throw new IllegalArgumentException("descriptor " + fd + " cannot be polled by event ports: " + message);
            }
            throw new IOException(message);
        }
    }

    /** Dissociates {@code fd}; ENOENT means its event already fired (it is dissociated), EBADF that it was closed. */
    private void dissociate(int fd, String op) throws IOException {
        int r = sys.portDissociate(port, PORT_SOURCE_FD, fd);
        if (r < 0 && -r != Errno.ENOENT && -r != Errno.EBADF) {
            throw Errno.failed("port_dissociate(" + op + ", fd " + fd + ")", -r);
        }
    }

    /** The poll bits to associate for {@link Interest} bits (HUP and ERR are output-only, and harmless). */
    static int pollEvents(int interest) {
        int events = 0;
        if ((interest & Interest.READABLE) != 0) {
            events |= POLLIN | POLLPRI | POLLHUP | POLLERR;
        }
        if ((interest & Interest.WRITABLE) != 0) {
            events |= POLLOUT | POLLHUP | POLLERR;
        }
        return events;
    }

    /** Readable for IN/PRI, writable for OUT; hang-up, error and NVAL count as both. */
    static int readinessOf(int events) {
        int r = 0;
        if ((events & (POLLIN | POLLPRI | 0x40 | 0x80)) != 0) { // 0x40/0x80: POLLRDNORM/POLLRDBAND
            r |= Interest.READABLE;
        }
        if ((events & (POLLOUT | 0x100)) != 0) { // 0x100: POLLWRBAND
            r |= Interest.WRITABLE;
        }
        if ((events & (POLLHUP | POLLERR | POLLNVAL)) != 0) {
            r = Interest.BOTH;
        }
        return r;
    }

    private static void requireOneshot(PollMode mode) {
        if (mode != PollMode.ONESHOT) {
            throw new UnsupportedOperationException("the EVENT_PORTS backend can do ONESHOT only, not " + mode);
        }
    }

    // ---------------------------------------------------------------- polling

    @Override
    public int poll(long[] keys, int[] readiness, long timeoutNanos) throws IOException {
        int max = Math.min(keys.length, MAX_BATCH);
        NativeBuffer events = list.ensure(max);
        // port_getn blocks until *nget events (1) are there; libuv's guard for kernels that leave
        // nget unset: a zero source in record 0 after the call means nothing was returned.
        PortEventLayout.putSource(events, 0, 0);
        nget.putInt(0, 1);
        NativeBuffer ts = timeoutNanos < 0 ? null : Timespec.setCapped(timeout, timeoutNanos);
        int r = sys.portGetn(port, events, max, nget, ts);
        if (r < 0 && -r != Errno.ETIME && -r != Errno.EINTR) {
            throw Errno.failed("port_getn(port " + port + ")", -r);
        }
        // ETIME and EINTR may come with events (port_get(3C) updates nget on ETIME; libuv and Go
        // both process them): always take what nget says.
        int got = PortEventLayout.source(events, 0) == 0 ? 0 : Math.min(nget.getInt(0), max);
        if (got <= 0) {
            return 0;
        }
        boolean woken = false;
        int stored = 0;
        synchronized (lock) {
            sources.beginBatch();
            for (int i = 0; i < got; i++) {
                int source = PortEventLayout.source(events, i);
                int bits = PortEventLayout.events(events, i);
                long user = PortEventLayout.user(events, i);
                if (source == PORT_SOURCE_USER) {
                    woken |= user == WAKE_USER;
                } else if (source == PORT_SOURCE_FD && bits != 0) { // Go skips events with no bits
                    stored = deliver((int) PortEventLayout.object(events, i), user, bits, keys, readiness, stored);
                }
            }
        }
        if (woken) {
            latch.consumed();
        }
        return stored > 0 ? stored : woken ? WOKEN : 0;
    }

    private int deliver(int fd, long tag, int bits, long[] keys, int[] readiness, int stored) {
        int after = (int) tag == fd ? sources.resolve(tag, readinessOf(bits), keys, readiness, stored) : stored;
        if (after == stored && sources.isArmed(fd)) {
            // Not stored, yet the source waits for an event: this one (stale, or masked out) may have
            // consumed its association, so associate again under the current tag. Harmless
            // if the association was still there: associating again only updates it.
            int r = sys.portAssociate(port, PORT_SOURCE_FD, fd, pollEvents(sources.interestOf(fd)), sources.tagOf(fd));
            if (r < 0) {
                LOG.log(System.Logger.Level.DEBUG, "polling: re-associating fd {0} failed: {1}", fd, Errno.describe(-r));
            }
        }
        return after;
    }

    // ---------------------------------------------------------------- wake-up and close

    @Override
    public void wakeup() {
        int r = latch.signal(send);
        if (r < 0) {
            LOG.log(System.Logger.Level.WARNING, "polling: port_send failed: {0}{1}", Errno.describe(-r),
                    -r == Errno.EAGAIN ? " (the process.max-port-events resource control was reached)" : "");
        }
    }

    private int sendWakeup() {
        return sys.portSend(port, POLLIN, WAKE_USER);
    }

    @Override
    public void close() throws IOException {
        latch.closeAndAwaitSignals();
        synchronized (lock) {
            int r = release();
            if (r < 0) {
                throw Errno.failed("close(port " + port + ")", -r);
            }
        }
    }

    private int release() {
        int r = sys.close(port);
        nget.close();
        timeout.close();
        list.close();
        return r;
    }

    @Override
    public String toString() {
        return "EventPortsBackend[port=" + port + "]";
    }
}
