package dev.polling.iouring;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.polling.spi.NativeBuffer;
import dev.polling.testsupport.FakeUnixOs;
import dev.polling.testsupport.HeapBuffer;

/**
 * A kernel for {@link IoUringBackend} in memory: it reads the submission ring as io_uring does,
 * keeps poll requests, timeouts and an overflow list, and posts completions into the completion
 * ring, with the ring indices starting wherever a test wants (near 2^32, to cross the wrap).
 * Tests make descriptors ready, cancel requests as a thread exit would, limit how many entries a
 * call takes, and make calls fail, then read what was submitted in which order.
 *
 * <p>The rings are {@link HeapBuffer}s behind made-up addresses, and {@link #memory} hands the
 * backend {@linkplain HeapBuffer#view() views} of them, which must all be closed before their
 * mapping is unmapped (an access after {@code munmap} would fault on a real kernel). HeapBuffers
 * are in native byte order, as the kernel's rings are; the entries' layout (a first word read as
 * one little-endian {@code u64}) is that of the little-endian machines the backend supports
 * (x86_64, aarch64), so on any other the tests are skipped ({@link #assumeLittleEndian}). The
 * backend's own buffers are {@link HeapBuffer}s too, found again by the address an entry carries
 * (a timeout's timespec). A wait never blocks: {@link #onWait} runs what a test scripted; a wait that still
 * finds nothing expires the timeout entries in flight, or returns {@code -ETIME} (an EXT_ARG wait)
 * or {@code -EINTR}. Single-threaded, like the tests that drive it; the shared calls (the eventfd's
 * write, close, fcntl) are {@link FakeUnixOs}'s.
 */
final class FakeIoUringKernel extends FakeUnixOs implements IoUringOs {
    static final int RING_FD = 900;
    static final int EVENT_FD = 901;
    private static final long RINGS_ADDRESS = 0x7000_0000_0000L;
    private static final long SQES_ADDRESS = 0x7100_0000_0000L;

    /** One entry as submitted, for assertions about what went in and in which order. */
    record Sqe(int opcode, int flags, int fd, long off, long addr, int len, int opFlags, long userData) {
        boolean isPollAdd() {
            return opcode == IoUringAbi.IORING_OP_POLL_ADD;
        }

        boolean isPollRemove() {
            return opcode == IoUringAbi.IORING_OP_POLL_REMOVE;
        }

        boolean isTimeout() {
            return opcode == IoUringAbi.IORING_OP_TIMEOUT;
        }

        boolean multishot() {
            return (len & IoUringAbi.IORING_POLL_ADD_MULTI) != 0;
        }
    }

    /** One io_uring_enter call as made. */
    record Enter(int toSubmit, int minComplete, int flags, boolean withArg, long timeoutNanos) {
    }

    private record PollRequest(int fd, int events, boolean multishot, long userData) {
    }

    // Configuration, before setup.
    int features = IoUringAbi.IORING_FEAT_SINGLE_MMAP | IoUringAbi.IORING_FEAT_NODROP | IoUringAbi.IORING_FEAT_EXT_ARG
            | IoUringAbi.IORING_FEAT_CQE_SKIP;
    int setupErrno;
    int startIndex;
    boolean canPassEnterArg;
    boolean supportsMultishot = true;
    boolean supportsTimeout = true;
    /** How many entries one call takes at most (a partial submission below what was asked). */
    int submitLimit = Integer.MAX_VALUE;
    /** Errors the next calls return, one each, before doing anything. */
    final Deque<Integer> enterErrors = new ArrayDeque<>();
    /** What happens while a waiting call would block, one action per wait. */
    final Deque<Runnable> onWait = new ArrayDeque<>();

    // State.
    private HeapBuffer rings;
    private HeapBuffer sqes;
    /** The views {@link #memory} handed out, by address: each must be closed before its munmap. */
    private final Map<Long, List<NativeBuffer>> views = new HashMap<>();
    private int sqEntries;
    private int cqEntries;
    private int sqHead;
    private int cqTail;
    private final Deque<long[]> overflow = new ArrayDeque<>();
    private final Map<Long, PollRequest> polls = new LinkedHashMap<>();
    private final List<long[]> timeouts = new ArrayList<>(); // {userData, cqTailTarget}
    private final Map<Integer, Integer> ready = new HashMap<>();
    private final Map<Integer, Boolean> open = new HashMap<>();
    private final List<Long> mapped = new ArrayList<>();
    private final Map<Long, NativeBuffer> buffers = new HashMap<>();
    final List<Sqe> submitted = new ArrayList<>();
    final List<Enter> enters = new ArrayList<>();
    int eventfdWrites;
    boolean ringClosed;
    boolean eventFdClosed;

    // Layout of the one "rings" region.
    static final int SQ_HEAD = 0;
    static final int SQ_TAIL = 4;
    static final int SQ_MASK = 8;
    static final int SQ_ENTRIES = 12;
    static final int SQ_FLAGS = 16;
    static final int SQ_DROPPED = 20;
    static final int CQ_HEAD = 64;
    static final int CQ_TAIL = 68;
    static final int CQ_MASK = 72;
    static final int CQ_ENTRIES = 76;
    static final int CQ_OVERFLOW = 80;
    static final int CQES = 128;

    /** Skips the calling test where the native byte order is not io_uring's little-endian entry layout. */
    static void assumeLittleEndian() {
        assumeTrue(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN,
                "io_uring entries are laid out here as little-endian words, as on x86_64 and aarch64, the backend's platforms");
    }

    private int sqArray() {
        return CQES + CompletionQueue.CQE_SIZE * cqEntries;
    }

    @Override
    public NativeBuffer allocate(long size) {
        NativeBuffer b = super.allocate(size);
        buffers.put(b.address(), b);
        return b;
    }

    /** The buffer of this fake at {@code address} (an address an entry or a struct carries). */
    NativeBuffer buffer(long address) {
        NativeBuffer b = buffers.get(address);
        if (b == null) {
            throw new AssertionError("no buffer of this kernel at " + address);
        }
        return b;
    }

    /** Marks {@code fd} as an open descriptor (for the raw add check). */
    void openDescriptor(int fd) {
        open.put(fd, true);
        closedFds.remove(fd);
    }

    @Override
    public int setup(int entries, NativeBuffer p) {
        assumeLittleEndian();
        if (setupErrno != 0) {
            return -setupErrno;
        }
        int flags = p.getInt(IoUringAbi.PARAMS_FLAGS);
        sqEntries = Integer.highestOneBit(Math.max(1, entries - 1)) << 1;
        sqEntries = entries == 1 ? 1 : sqEntries;
        cqEntries = (flags & IoUringAbi.IORING_SETUP_CQSIZE) != 0 ? p.getInt(IoUringAbi.PARAMS_CQ_ENTRIES) : 2 * sqEntries;
        cqEntries = Math.max(cqEntries, sqEntries);
        p.putInt(IoUringAbi.PARAMS_SQ_ENTRIES, sqEntries);
        p.putInt(IoUringAbi.PARAMS_CQ_ENTRIES, cqEntries);
        p.putInt(IoUringAbi.PARAMS_FEATURES, features);
        long sq = IoUringAbi.PARAMS_SQ_OFF;
        p.putInt(sq + IoUringAbi.SQ_OFF_HEAD, SQ_HEAD);
        p.putInt(sq + IoUringAbi.SQ_OFF_TAIL, SQ_TAIL);
        p.putInt(sq + IoUringAbi.SQ_OFF_RING_MASK, SQ_MASK);
        p.putInt(sq + IoUringAbi.SQ_OFF_RING_ENTRIES, SQ_ENTRIES);
        p.putInt(sq + IoUringAbi.SQ_OFF_FLAGS, SQ_FLAGS);
        p.putInt(sq + IoUringAbi.SQ_OFF_DROPPED, SQ_DROPPED);
        p.putInt(sq + IoUringAbi.SQ_OFF_ARRAY, sqArray());
        long cq = IoUringAbi.PARAMS_CQ_OFF;
        p.putInt(cq + IoUringAbi.CQ_OFF_HEAD, CQ_HEAD);
        p.putInt(cq + IoUringAbi.CQ_OFF_TAIL, CQ_TAIL);
        p.putInt(cq + IoUringAbi.CQ_OFF_RING_MASK, CQ_MASK);
        p.putInt(cq + IoUringAbi.CQ_OFF_RING_ENTRIES, CQ_ENTRIES);
        p.putInt(cq + IoUringAbi.CQ_OFF_OVERFLOW, CQ_OVERFLOW);
        p.putInt(cq + IoUringAbi.CQ_OFF_CQES, CQES);
        rings = HeapBuffer.allocate(sqArray() + 4 * sqEntries);
        sqes = HeapBuffer.allocate(SubmissionQueue.SQE_SIZE * sqEntries);
        rings.putInt(SQ_MASK, sqEntries - 1);
        rings.putInt(SQ_ENTRIES, sqEntries);
        rings.putInt(CQ_MASK, cqEntries - 1);
        rings.putInt(CQ_ENTRIES, cqEntries);
        sqHead = startIndex;
        cqTail = startIndex;
        rings.putInt(SQ_HEAD, startIndex);
        rings.putInt(SQ_TAIL, startIndex);
        rings.putInt(CQ_HEAD, startIndex);
        rings.putInt(CQ_TAIL, startIndex);
        open.put(RING_FD, true);
        return RING_FD;
    }

    @Override
    public int enter(int ringFd, int toSubmit, int minComplete, int flags) {
        return enter(ringFd, toSubmit, minComplete, flags, false, -1);
    }

    @Override
    public boolean canPassEnterArg() {
        return canPassEnterArg;
    }

    @Override
    public int enterWithArg(int ringFd, int toSubmit, int minComplete, int flags, NativeBuffer arg) {
        if (!canPassEnterArg) {
            throw new UnsupportedOperationException();
        }
        if ((flags & IoUringAbi.IORING_ENTER_EXT_ARG) == 0 || arg.size() != IoUringAbi.GETEVENTS_ARG_SIZE) {
            return -IoUringErrors.EINVAL;
        }
        NativeBuffer t = buffer(arg.getLong(IoUringAbi.GETEVENTS_ARG_TS));
        return enter(ringFd, toSubmit, minComplete, flags, true, t.getLong(0) * 1_000_000_000L + t.getLong(8));
    }

    private int enter(int ringFd, int toSubmit, int minComplete, int flags, boolean withArg, long timeoutNanos) {
        if (ringFd != RING_FD || ringClosed) {
            return -IoUringErrors.EBADF;
        }
        enters.add(new Enter(toSubmit, minComplete, flags, withArg, timeoutNanos));
        if (!enterErrors.isEmpty()) {
            return -enterErrors.poll();
        }
        int taken = submit(Math.min(toSubmit, submitLimit));
        if ((flags & IoUringAbi.IORING_ENTER_GETEVENTS) != 0) {
            flushOverflow();
            if (cqReady() < minComplete) {
                Runnable action = onWait.poll();
                if (action != null) {
                    action.run();
                }
                flushOverflow();
                if (cqReady() < minComplete) {
                    // Nothing came: as if the timeout passed (a timeout entry completes with -ETIME,
                    // an EXT_ARG wait fails with it) or, untimed, a signal ended the wait. Entries
                    // taken by this call are counted instead of the error, as the kernel does.
                    if (!timeouts.isEmpty()) {
                        expireTimeouts();
                        flushOverflow();
                        return taken;
                    }
                    return taken > 0 ? taken : -(withArg ? IoUringErrors.ETIME : IoUringErrors.EINTR);
                }
            }
        }
        return taken;
    }

    private int submit(int toSubmit) {
        int tail = rings.getIntAcquire(SQ_TAIL);
        int taken = 0;
        while (taken < toSubmit && sqHead != tail) {
            long at = (long) (sqHead & (sqEntries - 1)) * SubmissionQueue.SQE_SIZE;
            long w0 = sqes.getLong(at);
            long w3 = sqes.getLong(at + 24);
            Sqe sqe = new Sqe((int) (w0 & 0xFF), (int) (w0 >>> 8 & 0xFF), (int) (w0 >>> 32), sqes.getLong(at + 8),
                    sqes.getLong(at + 16), (int) w3, (int) (w3 >>> 32), sqes.getLong(at + 32));
            sqHead++;
            taken++;
            submitted.add(sqe);
            execute(sqe);
        }
        rings.putIntRelease(SQ_HEAD, sqHead);
        return taken;
    }

    private void execute(Sqe sqe) {
        boolean skip = (sqe.flags() & IoUringAbi.IOSQE_CQE_SKIP_SUCCESS) != 0;
        switch (sqe.opcode()) {
            case IoUringAbi.IORING_OP_POLL_ADD -> {
                if (sqe.multishot() && !supportsMultishot) {
                    post(sqe.userData(), -IoUringErrors.EINVAL, 0);
                    return;
                }
                if (!open.getOrDefault(sqe.fd(), false) && sqe.fd() != EVENT_FD) {
                    post(sqe.userData(), -IoUringErrors.EBADF, 0);
                    return;
                }
                PollRequest request = new PollRequest(sqe.fd(), sqe.opFlags(), sqe.multishot(), sqe.userData());
                int mask = ready.getOrDefault(sqe.fd(), 0) & (sqe.opFlags() | IoUringAbi.POLLERR | IoUringAbi.POLLHUP);
                if (mask != 0) {
                    post(request.userData(), mask, request.multishot() ? IoUringAbi.IORING_CQE_F_MORE : 0);
                    if (!request.multishot()) {
                        return;
                    }
                }
                polls.put(request.userData(), request);
            }
            case IoUringAbi.IORING_OP_POLL_REMOVE -> {
                PollRequest removed = polls.remove(sqe.addr());
                if (removed == null) {
                    post(sqe.userData(), -IoUringErrors.ENOENT, 0);
                } else {
                    post(removed.userData(), -IoUringErrors.ECANCELED, 0);
                    if (!skip) {
                        post(sqe.userData(), 0, 0);
                    }
                }
            }
            case IoUringAbi.IORING_OP_TIMEOUT -> timeouts.add(new long[] {sqe.userData(), cqTail + sqe.off(), skip ? 1 : 0});
            default -> post(sqe.userData(), -IoUringErrors.EINVAL, 0);
        }
    }

    /** Posts a completion, to the overflow list when the ring is full (IORING_FEAT_NODROP). */
    void post(long userData, int res, int flags) {
        if (!overflow.isEmpty() || cqTail - rings.getIntAcquire(CQ_HEAD) == cqEntries) {
            overflow.add(new long[] {userData, res, flags});
            rings.putIntRelease(SQ_FLAGS, rings.getInt(SQ_FLAGS) | IoUringAbi.IORING_SQ_CQ_OVERFLOW);
            return;
        }
        write(userData, res, flags);
    }

    private void write(long userData, int res, int flags) {
        long at = CQES + (long) (cqTail & (cqEntries - 1)) * CompletionQueue.CQE_SIZE;
        rings.putLong(at, userData);
        rings.putInt(at + 8, res);
        rings.putInt(at + 12, flags);
        cqTail++;
        rings.putIntRelease(CQ_TAIL, cqTail);
        // A timeout counting completions ends (with nothing posted, when asked to skip success).
        List<long[]> satisfied = new ArrayList<>();
        for (Iterator<long[]> it = timeouts.iterator(); it.hasNext(); ) {
            long[] t = it.next();
            if (cqTail - (int) t[1] >= 0) {
                it.remove();
                satisfied.add(t);
            }
        }
        for (long[] t : satisfied) {
            if (t[2] == 0) {
                post(t[0], 0, 0);
            }
        }
    }

    private void flushOverflow() {
        while (!overflow.isEmpty() && cqTail - rings.getIntAcquire(CQ_HEAD) < cqEntries) {
            long[] c = overflow.poll();
            write(c[0], (int) c[1], (int) c[2]);
        }
        if (overflow.isEmpty()) {
            rings.putIntRelease(SQ_FLAGS, rings.getInt(SQ_FLAGS) & ~IoUringAbi.IORING_SQ_CQ_OVERFLOW);
        }
    }

    private int cqReady() {
        return cqTail - rings.getIntAcquire(CQ_HEAD);
    }

    /** Makes {@code fd} ready with the poll bits {@code mask} (0: not ready): its requests complete. */
    void setReady(int fd, int mask) {
        int before = ready.getOrDefault(fd, 0);
        ready.put(fd, mask);
        if ((mask & ~before) != 0) {
            wake(fd, mask);
        }
    }

    /** A wake-up of {@code fd}'s wait queue with {@code mask}, as a write to it makes. */
    void wake(int fd, int mask) {
        for (Iterator<PollRequest> it = polls.values().iterator(); it.hasNext(); ) {
            PollRequest r = it.next();
            int hit = mask & (r.events() | IoUringAbi.POLLERR | IoUringAbi.POLLHUP);
            if (r.fd() == fd && hit != 0) {
                if (r.multishot()) {
                    post(r.userData(), hit, IoUringAbi.IORING_CQE_F_MORE);
                } else {
                    it.remove();
                    post(r.userData(), hit, 0);
                }
            }
        }
    }

    /** Ends every request on {@code fd} with {@code -errno}, as the exit of the thread that submitted it does. */
    void cancel(int fd, int errno) {
        for (Iterator<PollRequest> it = polls.values().iterator(); it.hasNext(); ) {
            PollRequest r = it.next();
            if (r.fd() == fd) {
                it.remove();
                post(r.userData(), -errno, 0);
            }
        }
    }

    /** Ends a multishot request on {@code fd} with a last event (no F_MORE), as a full ring does. */
    void endMultishot(int fd, int mask) {
        for (Iterator<PollRequest> it = polls.values().iterator(); it.hasNext(); ) {
            PollRequest r = it.next();
            if (r.fd() == fd && r.multishot()) {
                it.remove();
                post(r.userData(), mask, 0);
            }
        }
    }

    /** Expires every timeout: each posts -ETIME. */
    void expireTimeouts() {
        List<long[]> expired = new ArrayList<>(timeouts);
        timeouts.clear();
        for (long[] t : expired) {
            post(t[0], -IoUringErrors.ETIME, 0);
        }
    }

    /** The poll requests in flight on {@code fd}. */
    int requestsOn(int fd) {
        return (int) polls.values().stream().filter(r -> r.fd() == fd).count();
    }

    /** The user data of the one request in flight on {@code fd}. */
    long requestOn(int fd) {
        return polls.values().stream().filter(r -> r.fd() == fd).mapToLong(PollRequest::userData).findFirst()
                .orElseThrow(() -> new AssertionError("no request on fd " + fd));
    }

    /** Timeouts in flight. */
    int timeoutsInFlight() {
        return timeouts.size();
    }

    /** Completions in the ring not yet consumed, plus those on the overflow list. */
    int pendingCompletions() {
        return cqReady() + overflow.size();
    }

    /** The ring's completion capacity. */
    int cqEntries() {
        return cqEntries;
    }

    /** Entries written into the submission ring but not yet taken. */
    int unsubmitted() {
        return rings.getIntAcquire(SQ_TAIL) - sqHead;
    }

    @Override
    public int register(int ringFd, int opcode, NativeBuffer probe, int nrArgs) {
        if (opcode != IoUringAbi.IORING_REGISTER_PROBE) {
            return -IoUringErrors.EINVAL;
        }
        int last = IoUringAbi.IORING_OP_TIMEOUT + 1;
        probe.putInt(0, last << 8 | (last - 1)); // last_op, ops_len
        for (int op = 0; op < last; op++) {
            boolean supported = op != IoUringAbi.IORING_OP_TIMEOUT || supportsTimeout;
            probe.putInt(IoUringAbi.PROBE_HEADER_SIZE + (long) IoUringAbi.PROBE_OP_SIZE * op,
                    op | (supported ? IoUringAbi.IO_URING_OP_SUPPORTED << 16 : 0));
        }
        return 0;
    }

    @Override
    public long mmap(long length, int fd, long offset) {
        if (offset == IoUringAbi.IORING_OFF_SQ_RING || offset == IoUringAbi.IORING_OFF_CQ_RING) {
            mapped.add(RINGS_ADDRESS);
            return RINGS_ADDRESS;
        }
        mapped.add(SQES_ADDRESS);
        return SQES_ADDRESS;
    }

    @Override
    public int munmap(long address, long length) {
        for (NativeBuffer view : views.getOrDefault(address, List.of())) {
            if (!view.isClosed()) {
                throw new AssertionError("munmap at " + address + " while a view of it is open: a later access would fault");
            }
        }
        return mapped.remove(Long.valueOf(address)) ? 0 : -IoUringErrors.EINVAL;
    }

    /** Mappings not yet unmapped. */
    int mappings() {
        return mapped.size();
    }

    @Override
    public NativeBuffer memory(long address, long length) {
        HeapBuffer mapping = address == RINGS_ADDRESS ? rings : address == SQES_ADDRESS ? sqes : null;
        if (mapping == null || length > mapping.size()) {
            throw new AssertionError("no mapping of " + length + " bytes at " + address);
        }
        NativeBuffer view = mapping.view();
        views.computeIfAbsent(address, a -> new ArrayList<>()).add(view);
        return view;
    }

    /** Views {@link #memory} handed out that are still open. */
    long openViews() {
        return views.values().stream().flatMap(List::stream).filter(v -> !v.isClosed()).count();
    }

    @Override
    public int eventfd(int initval, int flags) {
        open.put(EVENT_FD, true);
        return EVENT_FD;
    }

    @Override
    protected int writeOther(int fd, NativeBuffer buf, int count) {
        if (fd != EVENT_FD || eventFdClosed) {
            return -IoUringErrors.EBADF;
        }
        eventfdWrites++;
        ready.put(EVENT_FD, IoUringAbi.POLLIN);
        wake(EVENT_FD, IoUringAbi.POLLIN);
        return count;
    }

    @Override
    public synchronized int close(int fd) {
        super.close(fd);
        if (fd == RING_FD) {
            ringClosed = true;
            polls.clear();
        } else if (fd == EVENT_FD) {
            eventFdClosed = true;
        }
        closedFds.add(fd);
        return open.remove(fd) != null ? 0 : -IoUringErrors.EBADF;
    }

    @Override
    public synchronized int fcntl(int fd, int cmd, int arg) {
        int r = super.fcntl(fd, cmd, arg);
        return r == 0 && !open.getOrDefault(fd, false) ? -IoUringErrors.EBADF : r;
    }
}
