package dev.polling.iouring;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.channels.SelectableChannel;
import java.util.concurrent.locks.LockSupport;

import dev.polling.Backend;
import dev.polling.PollMode;
import dev.polling.spi.Binding;
import dev.polling.spi.DescriptorBackend;
import dev.polling.spi.FileFlags;
import dev.polling.spi.NativeBuffer;
import dev.polling.spi.Platform;
import dev.polling.spi.PollerBackend;
import dev.polling.spi.Timespec;
import dev.polling.spi.WakePipe;
import dev.polling.spi.WakeupLatch;

/**
 * The IO_URING backend: Linux io_uring's {@code IORING_OP_POLL_ADD}, where a re-arm is an entry in
 * a ring shared with the kernel, submitted by the same {@code io_uring_enter} that waits, and
 * completions already in the ring are read without a system call.
 *
 * <p>Collaborators: {@link IoUringRing} sets the ring up and maps it; {@link SubmissionQueue} and
 * {@link CompletionQueue} read and write it (through {@link NativeBuffer} views of the mappings,
 * with acquire/release on the indices); {@link IoUringRegistrations} holds each descriptor's key,
 * interest, mode, generation tag and request state; {@link IoUringOs} is the OS, from the binding the poller uses
 * ({@code iouring.jnr.JnrIoUringOs}); the wake-up eventfd is a {@link WakePipe}.
 *
 * <p><b>Modes.</b> ONESHOT and EDGE_ONESHOT: a single-shot poll request; {@code modify} queues a
 * new one. LEVEL: a single-shot request queued again after each reported event; submitted with
 * the next wait, it completes at once while the source is still ready. EDGE: a multishot request
 * ({@code IORING_POLL_ADD_MULTI}: one completion per wake-up of the file), queued again when a
 * completion lacks {@code IORING_CQE_F_MORE}; several completions of one source in one poll are
 * merged into one event. Changing an armed source cancels its request ({@code IORING_OP_POLL_REMOVE}
 * by tag) and queues a new one; the cancelled request's completions carry an old generation and
 * are dropped. (The kernel's in-place poll update cannot change a request between single-shot and
 * multishot, and fails when the request has just completed; remove and add needs no second round.)
 *
 * <p><b>Submission.</b> Poll requests are written into the ring only when they are about to be
 * submitted, after checking that the channel is still open. A change the polling thread makes
 * between polls is submitted by its next poll's own {@code io_uring_enter}; a change made by
 * another thread is submitted at once by that thread, so it takes effect in a poll blocked
 * meanwhile (in {@code io_uring_enter}, or a virtual thread parked on {@link #pollableDescriptor()}).
 * {@code delete}, and a new source on the descriptor number of a channel closed while registered,
 * cancel the old request at once, so the file it holds is let go. The ring is shared under one
 * lock; the blocking {@code io_uring_enter} runs outside it, and the kernel takes entries in order
 * whichever thread's call takes them.
 *
 * <p><b>Lazy re-arms.</b> A ONESHOT or EDGE_ONESHOT re-arm the polling thread makes between polls
 * (the event loop's {@code modify}) is submitted by the next poll that waits in the kernel anyway;
 * while every poll finds completions in the ring, it waits at most {@link #LAZY_POLLS} polls, or
 * until {@link #LAZY_BATCH} have piled up. So an event loop that is kept busy makes no system
 * call to poll at all, and a re-armed source that is already ready is reported a few polls later
 * at worst, never lost. LEVEL re-arms, changes of an armed source and other threads' changes
 * never wait.
 *
 * <p><b>Waiting.</b> A poll that finds completions in the ring makes no system call unless it has
 * entries to submit that may not wait. A timed wait passes its timeout through {@code IORING_ENTER_EXT_ARG} where the
 * binding can pass io_uring_enter's sixth argument; otherwise (the JNR binding) it puts an
 * {@code IORING_OP_TIMEOUT} entry before the others, which also completes with the first other
 * completion and then posts nothing ({@code IOSQE_CQE_SKIP_SUCCESS}). Either way the kernel's timer
 * never fires early. {@code wakeup()} writes an eventfd watched by one multishot poll request,
 * armed once: never read, never re-armed unless the kernel ends it.
 *
 * <p><b>What the kernel does that epoll does not.</b> A poll request holds a reference to its file:
 * a channel closed while its request is in flight stays open (the peer sees no FIN) until the
 * request ends: when the source becomes ready (its event is then dropped, since the channel is
 * closed), or on {@code delete}, a new registration of its number, or {@code close()}. A request
 * belongs to the thread that submitted it, and the kernel cancels it when that thread exits; such
 * a cancellation is answered by submitting the request again.
 */
public final class IoUringBackend extends DescriptorBackend {
    /** The {@code user_data} of removals and timeouts: their completions are never events. */
    static final long INTERNAL_TAG = -1L;
    /**
     * The {@code user_data} of the first wake-up request; each one armed later carries the next
     * lower number, so that the completions of one cancelled are told from the current one's.
     */
    static final long FIRST_WAKEUP_TAG = -2L;
    static final int DEFAULT_SQ_ENTRIES = 256;
    static final int DEFAULT_CQ_ENTRIES = 4096;

    private static final int INITIAL_DESCRIPTORS = 64;
    /**
     * How many polls a lazy re-arm may wait (while every poll finds completions in the ring) before
     * one is made only to submit it, and how many may pile up before that: the bound on how late a
     * re-armed source that is already ready is reported, against one system call saved per poll.
     */
    static final int LAZY_POLLS = 16;
    static final int LAZY_BATCH = 64;
    /** How long a poll backs off when the kernel refuses entries for want of memory (EAGAIN) or room (EBUSY). */
    private static final long BACKOFF_NANOS = 1_000_000L;

    private final IoUringOs os;
    private final IoUringRing ring;
    private final SubmissionQueue sq;
    private final CompletionQueue cq;
    private final int ringFd;
    private final int eventFd;
    /** Writes the eventfd: the one wake-up mechanism of the Unix backends. */
    private final WakePipe waker;
    /** The timeout of a timed wait; polling thread only. */
    private final NativeBuffer timespec;
    /** {@code struct io_uring_getevents_arg} pointing at {@link #timespec}, or null without EXT_ARG; polling thread only. */
    private final NativeBuffer waitArg;
    private final boolean skipSuccess;
    private final WakeupLatch latch = new WakeupLatch();

    /** Guards the submission queue, the registrations and everything below. */
    private final Object lock = new Object();
    private final IoUringRegistrations registrations = new IoUringRegistrations(INITIAL_DESCRIPTORS);
    private final TagList removals = new TagList();
    /** The polling thread is in, or on its way into, an io_uring_enter that waits. */
    private boolean waiting;
    /** The thread of the latest poll: its changes between polls ride on its next poll. */
    private Thread pollingThread;
    /** The poll during which the oldest lazy re-arm was queued. */
    private int lazySince;
    private boolean wakeupArmed;
    /** The {@code user_data} of the current wake-up request (armed, or to arm). */
    private long wakeupTag = FIRST_WAKEUP_TAG;
    /** The thread that submitted the current wake-up request. */
    private Thread wakeupOwner;
    private boolean woken;
    /** Polling thread: the last wait ended on completions that were no event, and not by time or signal. */
    private boolean quiet;
    /** Polling thread: the last reap saw a timeout entry expire. */
    private boolean timedOut;
    private int pollId;
    private boolean closed;

    private IoUringBackend(IoUringOs os, IoUringRing ring, WakePipe waker, NativeBuffer timespec, NativeBuffer waitArg) {
        this.os = os;
        this.ring = ring;
        this.sq = ring.sq();
        this.cq = ring.cq();
        this.ringFd = ring.fd();
        this.eventFd = waker.readFd();
        this.waker = waker;
        this.timespec = timespec;
        this.waitArg = waitArg;
        this.skipSuccess = ring.has(IoUringAbi.IORING_FEAT_CQE_SKIP);
    }

    /**
     * Opens a ring with its wake-up eventfd, on {@code binding}.
     *
     * @throws IOException  if this is not Linux on x86_64 or aarch64, or the kernel refuses io_uring
     *                      or lacks what the backend needs (the message says which)
     * @throws LinkageError if the binding or the C library cannot be loaded
     */
    public static PollerBackend open(Binding binding) throws IOException {
        Platform platform = Platform.current();
        if (platform.os() != Platform.Os.LINUX) {
            throw new IOException("the IO_URING backend needs Linux; this is " + platform.os().displayName());
        }
        if (!(platform.isX86_64() || platform.arch().equals("aarch64")) || ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new IOException("the IO_URING backend knows the system call numbers of x86_64 and aarch64 only; this is "
                    + platform.arch());
        }
        return open(binding.load(IoUringOs.class), DEFAULT_SQ_ENTRIES, DEFAULT_CQ_ENTRIES);
    }

    /**
     * Opens a backend on {@code os} with rings of (at least) the given sizes.
     *
     * @throws IOException if the ring or the eventfd cannot be created; nothing is left open then
     */
    static IoUringBackend open(IoUringOs os, int sqEntries, int cqEntries) throws IOException {
        IoUringRing ring = IoUringRing.open(os, sqEntries, cqEntries, os.canPassEnterArg());
        WakePipe waker = null;
        NativeBuffer timespec = null;
        NativeBuffer waitArg = null;
        try {
            int eventFd = os.eventfd(0, IoUringAbi.EFD_CLOEXEC | IoUringAbi.EFD_NONBLOCK);
            if (eventFd < 0) {
                throw IoUringErrors.failed("eventfd for the io_uring wake-up", -eventFd);
            }
            waker = WakePipe.ofEventFd(os, eventFd);
            timespec = os.allocate(Timespec.SIZE);
            if (IoUringRing.extArg(os, ring)) {
                waitArg = os.allocate(IoUringAbi.GETEVENTS_ARG_SIZE);
                waitArg.putLong(IoUringAbi.GETEVENTS_ARG_TS, timespec.address());
            }
            IoUringBackend backend = new IoUringBackend(os, ring, waker, timespec, waitArg);
            backend.armWakeup();
            return backend;
        } catch (IOException | RuntimeException | Error e) {
            for (NativeBuffer b : new NativeBuffer[] {timespec, waitArg}) {
                if (b != null) {
                    b.close();
                }
            }
            try {
                if (waker != null) {
                    waker.close();
                }
                ring.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * Arms the wake-up eventfd's multishot poll and submits it at once: a kernel without multishot
     * poll (before 5.13) fails it with EINVAL right away, and the backend refuses to open.
     */
    private void armWakeup() throws IOException {
        synchronized (lock) {
            queueWakeupArm();
            submitLocked();
            for (cq.begin(); cq.hasNext(); ) {
                cq.next();
                if (cq.userData() == wakeupTag && cq.res() < 0) {
                    throw new IOException("the kernel refused a multishot poll (IORING_POLL_ADD_MULTI, Linux 5.13) with "
                            + IoUringErrors.describe(-cq.res()));
                }
            }
            cq.end();
            if (!wakeupArmed) {
                throw new IOException("io_uring did not take the wake-up poll request");
            }
        }
    }

    /**
     * Writes the wake-up request if it is not armed, on the polling thread (or before any poll):
     * another thread submitting its change leaves it to the polling thread, which owns it.
     *
     * @return false only if the ring was full
     */
    private boolean queueWakeupArm() {
        Thread current = Thread.currentThread();
        if (wakeupArmed || (pollingThread != null && pollingThread != current)) {
            return true;
        }
        if (!sq.offerPollAdd(eventFd, IoUringAbi.POLLIN, true, wakeupTag)) {
            return false;
        }
        wakeupArmed = true;
        wakeupOwner = current;
        return true;
    }

    /**
     * Polling thread, under the lock: makes the wake-up request its own. A request's completion
     * runs on the thread that submitted it (IORING_SETUP_COOP_TASKRUN: at that thread's next system
     * call or timer tick while it runs, at once if it sleeps); the polling thread makes system calls
     * all the time, the thread that opened the poller may not. The old request is cancelled and a
     * new one armed under a new tag; a wakeup() in between leaves the eventfd readable, and the new
     * request completes at once.
     */
    private void ownWakeup() {
        Thread current = Thread.currentThread();
        if (wakeupOwner != current && wakeupArmed) {
            removals.add(wakeupTag);
            wakeupArmed = false;
            wakeupTag = wakeupTag == Long.MIN_VALUE ? FIRST_WAKEUP_TAG : wakeupTag - 1;
        }
    }

    @Override
    public Backend kind() {
        return Backend.IO_URING;
    }

    @Override
    public boolean supportsLevel() {
        return true;
    }

    @Override
    public boolean supportsEdge() {
        return true;
    }

    @Override
    protected void register(int fd, long key, int interest, PollMode mode) throws IOException {
        // A raw descriptor's request would fail only when submitted, long after add returned: ask now.
        int flags = os.fcntl(fd, FileFlags.current().fGetFd(), 0);
        if (flags < 0) {
            throw new IllegalArgumentException("descriptor " + fd + " is not an open descriptor ("
                    + IoUringErrors.describe(-flags) + ")");
        }
        registerSource(fd, null, key, interest, mode);
    }

    @Override
    protected void register(SelectableChannel channel, int fd, long key, int interest, PollMode mode) throws IOException {
        registerSource(fd, channel, key, interest, mode);
    }

    private void registerSource(int fd, SelectableChannel channel, long key, int interest, PollMode mode)
            throws IOException {
        synchronized (lock) {
            cancel(registrations.register(fd, key, interest, mode, channel));
            submitIfPollWaiting();
        }
    }

    @Override
    protected void reregister(int fd, long key, int interest, PollMode mode) throws IOException {
        synchronized (lock) {
            // The polling thread re-arming a oneshot source between polls (the event loop's own
            // modify) may wait for a poll that calls the kernel anyway: see poll().
            boolean lazy = pollingThread == Thread.currentThread()
                    && (mode == PollMode.ONESHOT || mode == PollMode.EDGE_ONESHOT);
            int lazyBefore = registrations.pendingLazyArms();
            cancel(registrations.reregister(fd, key, interest, mode, lazy));
            if (lazyBefore == 0 && registrations.pendingLazyArms() > 0) {
                lazySince = pollId;
            }
            submitIfPollWaiting();
        }
    }

    @Override
    protected void deregister(int fd, boolean sourceClosed) throws IOException {
        synchronized (lock) {
            long stale = registrations.unregister(fd);
            if (stale != IoUringRegistrations.NO_TAG) {
                cancel(stale);
                // At once, not at the next poll: the request holds the file, and the user may close
                // it right after this returns (a socket would not send its FIN until the cancel).
                submitLocked();
            }
        }
    }

    private void cancel(long tag) {
        if (tag != IoUringRegistrations.NO_TAG) {
            removals.add(tag);
        }
    }

    /**
     * A registering thread: a change made by the polling thread between its polls rides on its
     * next poll; one made by another thread is submitted now, so that a poll blocked meanwhile
     * sees it (in io_uring_enter, or parked on the ring descriptor by a virtual thread).
     */
    private void submitIfPollWaiting() throws IOException {
        if (waiting || (pollingThread != null && pollingThread != Thread.currentThread())) {
            submitLocked();
        }
    }

    /**
     * Writes every queued removal and arm into the ring and submits them, without waiting; when the
     * ring is full, submits and goes on. Under the lock.
     *
     * @throws IOException if io_uring_enter fails for a reason other than a full or busy kernel
     */
    private void submitLocked() throws IOException {
        for (;;) {
            boolean all = writeQueued();
            int pending = sq.unsubmitted();
            if (pending == 0) {
                return;
            }
            int r = os.enter(ringFd, pending, 0, 0);
            if (r == -IoUringErrors.EINTR) {
                continue;
            }
            if (r == -IoUringErrors.EAGAIN || r == -IoUringErrors.EBUSY || r == 0) {
                // The entries stay in the ring for the next io_uring_enter; make sure a blocked
                // poll makes one (an internal wake-up: the poll returns 0 and waits again).
                if (waiting) {
                    waker.signal();
                }
                return;
            }
            if (r < 0) {
                throw IoUringErrors.failed("io_uring_enter(ring fd " + ringFd + ", submit " + pending + ")", -r);
            }
            if (all && sq.unsubmitted() == 0) {
                return;
            }
            // A full ring, or a submission that stopped at a failing entry (kernels without
            // IORING_SETUP_SUBMIT_ALL): the rest goes in the next round.
        }
    }

    /** Writes queued removals, the wake-up re-arm and queued arms (lazy ones too) into the ring, as many as fit. */
    private boolean writeQueued() {
        if (!writeRemovals()) {
            return false;
        }
        return queueWakeupArm() && registrations.writeArms(sq) && registrations.writeLazyArms(sq);
    }

    /** Writes queued removals into the ring, as many as fit; true if none is left. */
    private boolean writeRemovals() {
        int removed = 0;
        int count = removals.size();
        while (removed < count && sq.offerPollRemove(removals.get(removed), INTERNAL_TAG, skipSuccess)) {
            removed++;
        }
        if (removed > 0) {
            removals.removeFirst(removed);
        }
        return removed == count;
    }

    /**
     * {@inheritDoc}
     *
     * <p>A wait that ends on completions that are no event (of a cancelled request, a request
     * submitted again, a removal) waits again here, for what is left of the timeout, rather than
     * returning 0 to the Poller: an interrupt whose wake-up is on its way could otherwise find the
     * Poller between two waits and leave that wake-up behind for the next poll. A timeout, a
     * signal (EINTR) and a busy kernel return 0 as usual.
     */
    @Override
    public int poll(long[] keys, int[] readiness, long timeoutNanos) throws IOException {
        long deadline = timeoutNanos > 0 ? System.nanoTime() + timeoutNanos : 0;
        long remaining = timeoutNanos;
        for (;;) {
            quiet = false;
            int n = pollOnce(keys, readiness, remaining);
            if (n != 0 || !quiet) {
                return n;
            }
            if (remaining > 0) {
                remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return 0;
                }
            }
        }
    }

    private int pollOnce(long[] keys, int[] readiness, long timeoutNanos) throws IOException {
        int max = keys.length;
        int n;
        int toSubmit;
        synchronized (lock) {
            if (++pollId == 0) {
                pollId = 1;
            }
            pollingThread = Thread.currentThread();
            ownWakeup();
            woken = false;
            // Re-arms that this poll's own events call for (LEVEL, EDGE) are queued by reap and
            // ride on the next poll's call; what was queued before it goes in with this one.
            int earlier = registrations.pendingArms();
            n = reap(keys, readiness, 0, max);
            if (n > 0 || woken || timeoutNanos == 0) {
                // No wait: submit what was queued (cancellations too: they let closed channels'
                // files go), and flush completions the kernel holds back for want of room. Re-arms
                // for the events returned now wait for the next poll; with none returned there is
                // nothing to wait for (a virtual thread parks on the ring descriptor next). The
                // event loop's oneshot re-arms (lazy) wait while completions keep coming, so that
                // such a poll makes no system call, but not for long (LAZY_POLLS, LAZY_BATCH).
                if (writeRemovals()) {
                    queueWakeupArm();
                    registrations.writeArms(sq, n > 0 ? earlier : Integer.MAX_VALUE);
                    int lazy = registrations.pendingLazyArms();
                    if (lazy > 0 && (n == 0 || lazy >= LAZY_BATCH || pollId - lazySince >= LAZY_POLLS)) {
                        registrations.writeLazyArms(sq);
                    }
                }
                boolean overflow = n < max && (sq.flags() & IoUringAbi.IORING_SQ_CQ_OVERFLOW) != 0;
                if (sq.unsubmitted() > 0 || overflow) {
                    submitOrThrow(overflow ? IoUringAbi.IORING_ENTER_GETEVENTS : 0);
                    n = reap(keys, readiness, n, max);
                }
                return result(n);
            }
            if (timeoutNanos > 0) {
                Timespec.setCapped(timespec, timeoutNanos); // the kernel copies it during the call
                // Ahead of the requests: it counts the completions posted after it is taken.
                if (waitArg == null && !queueTimeout()) {
                    return backOff(timeoutNanos);
                }
            }
            writeAllBeforeWaiting();
            toSubmit = sq.unsubmitted();
            waiting = true;
        }
        int r;
        try {
            r = waitArg != null && timeoutNanos > 0
                    ? os.enterWithArg(ringFd, toSubmit, 1, IoUringAbi.IORING_ENTER_GETEVENTS | IoUringAbi.IORING_ENTER_EXT_ARG,
                            waitArg)
                    : os.enter(ringFd, toSubmit, 1, IoUringAbi.IORING_ENTER_GETEVENTS);
        } catch (RuntimeException | Error e) {
            endWait();
            throw e;
        }
        boolean busy = false;
        if (r < 0) {
            int errno = -r;
            // EINTR: a signal (the JVM's, a profiler's); ETIME: the EXT_ARG timeout passed. Both end
            // the wait normally, and the Poller waits again for what is left of its timeout.
            if (errno == IoUringErrors.EAGAIN || errno == IoUringErrors.EBUSY) {
                busy = true;
            } else if (errno != IoUringErrors.EINTR && errno != IoUringErrors.ETIME) {
                endWait(); // before reaping anything: the completions stay for the next poll
                throw IoUringErrors.failed("io_uring_enter(ring fd " + ringFd + ", wait)", errno);
            }
        }
        synchronized (lock) { // one lock for both: the wait is over, and what it brought is reaped
            waiting = false;
            timedOut = false;
            n = reap(keys, readiness, 0, max);
        }
        if (n == 0 && !woken && busy) {
            return backOff(timeoutNanos);
        }
        quiet = n == 0 && !woken && r >= 0 && !timedOut;
        return result(n);
    }

    /** Polling thread: the wait is over (until then another thread's change is submitted at once). */
    private void endWait() {
        synchronized (lock) {
            waiting = false;
        }
    }

    /**
     * Polling thread, under the lock: an {@code IORING_OP_TIMEOUT} entry for {@link #timespec},
     * counting one completion, so that it also ends with the first other one.
     */
    private boolean queueTimeout() throws IOException {
        if (sq.offerTimeout(timespec.address(), 1, INTERNAL_TAG, skipSuccess)) {
            return true;
        }
        submitLocked();
        return sq.offerTimeout(timespec.address(), 1, INTERNAL_TAG, skipSuccess);
    }

    /** Under the lock, before waiting: what reap queued goes in too; what does not fit the ring is submitted now. */
    private void writeAllBeforeWaiting() throws IOException {
        while (!writeQueued()) {
            int before = sq.unsubmitted();
            submitLocked();
            if (sq.unsubmitted() >= before) {
                return; // the kernel takes nothing now (EAGAIN/EBUSY): wait with what is in the ring
            }
        }
    }

    private void submitOrThrow(int flags) throws IOException {
        int pending = sq.unsubmitted();
        int r = os.enter(ringFd, pending, 0, flags);
        if (r < 0 && r != -IoUringErrors.EINTR && r != -IoUringErrors.EAGAIN && r != -IoUringErrors.EBUSY) {
            throw IoUringErrors.failed("io_uring_enter(ring fd " + ringFd + ", submit " + pending + ")", -r);
        }
    }

    /** No event and the kernel too busy to take entries: pause briefly (never past the timeout) and let the Poller retry. */
    private int backOff(long timeoutNanos) {
        if (timeoutNanos != 0) {
            LockSupport.parkNanos(timeoutNanos < 0 ? BACKOFF_NANOS : Math.min(timeoutNanos, BACKOFF_NANOS));
        }
        return woken ? WOKEN : 0;
    }

    private int result(int n) {
        return n == 0 && woken ? WOKEN : n;
    }

    /**
     * Under the lock: walks the completions in the ring, storing events from index {@code n} up to
     * {@code max}, and hands the consumed slots back. Completions beyond {@code max} events stay.
     */
    private int reap(long[] keys, int[] readiness, int n, int max) {
        if (cq.begin() == 0) {
            return n;
        }
        while (n < max && cq.hasNext()) {
            cq.next();
            long tag = cq.userData();
            if (tag >= 0) {
                n += registrations.complete(tag, cq.res(), cq.flags(), keys, readiness, n, pollId, removals);
            } else if (tag != INTERNAL_TAG) {
                wakeupCompleted(tag, cq.res(), cq.flags());
            } else if (cq.res() == -IoUringErrors.ETIME) {
                timedOut = true; // a timeout entry expired
            }
            // Other INTERNAL_TAG completions: a failed removal (the request had ended), a
            // timeout satisfied by a count; nothing to do.
        }
        cq.end();
        return n;
    }

    private void wakeupCompleted(long tag, int res, int flags) {
        if (tag == wakeupTag && (flags & IoUringAbi.IORING_CQE_F_MORE) == 0) {
            wakeupArmed = false; // ended by the kernel: re-armed with the next submission
        }
        // Only a pending wakeup() ends the poll: a re-armed request fires at once on the eventfd,
        // which is never read, and that completion answers a wakeup() made before, or nothing.
        if (res > 0 && latch.isPending()) {
            latch.consumed();
            woken = true;
        }
    }

    @Override
    public void wakeup() {
        latch.signal(waker);
    }

    @Override
    public void close() throws IOException {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        latch.closeAndAwaitSignals(); // no wakeup() may write to a descriptor number closed below
        IOException failure = null;
        try {
            waker.close();
        } catch (IOException e) {
            failure = e;
        }
        try {
            ring.close(); // the kernel cancels every request and lets their files go
        } catch (IOException e) {
            if (failure == null) {
                failure = e;
            }
        }
        timespec.close();
        if (waitArg != null) {
            waitArg.close();
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * The ring's descriptor: it polls readable while completions wait in the ring (a wake-up's
     * too). Every poll submits what is queued, so a virtual thread that looks without blocking and
     * then parks on it misses nothing; another thread's changes are submitted by that thread.
     */
    @Override
    public int pollableDescriptor() {
        return ringFd;
    }

    /** Whether timed waits pass their timeout through {@code IORING_ENTER_EXT_ARG}; for tests. */
    boolean usesExtArg() {
        return waitArg != null;
    }

    /** Whether a poll is in, or on its way into, an io_uring_enter that waits; for tests. */
    boolean pollWaiting() {
        synchronized (lock) {
            return waiting;
        }
    }

    /** The registrations, for tests. */
    IoUringRegistrations registrations() {
        return registrations;
    }

    @Override
    public String toString() {
        return "IoUringBackend[" + ring + (waitArg != null ? ", EXT_ARG timeouts" : ", timeout entries")
                + (closed ? ", closed]" : "]");
    }
}
