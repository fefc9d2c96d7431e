package dev.polling.iouring;

import java.nio.channels.Channel;
import java.util.Arrays;

import dev.polling.PollMode;
import dev.polling.spi.Interest;

/**
 * Every registered descriptor's key, interest, mode and request state, indexed by descriptor
 * number; the tags that poll requests carry as {@code user_data}; and the descriptors waiting for
 * a poll request to be written into the submission queue.
 *
 * <p><b>Tags.</b> A request for {@code fd} carries {@code generation << 32 | fd}. Every
 * registration, change and removal takes a new generation <em>before</em> any request carries it,
 * so a completion with an older generation belongs to a request that was replaced or cancelled,
 * and is dropped. Generations have 30 bits, so a tag is never negative: the backend's own tags
 * (the wake-up, removals, timeouts) are.
 *
 * <p><b>Request state.</b> {@code IN_KERNEL}: a poll request with the current tag has been
 * submitted and its last completion (one without {@code IORING_CQE_F_MORE}) not yet seen; it
 * holds a reference to the file. {@code ARM_PENDING}: the descriptor is on the list of requests to
 * write at the next submission; the request is written only then, after checking that the channel
 * is still open, so that an entry never waits in the ring for a descriptor number the user may
 * close and the OS hand out again. {@code LAZY_PENDING}: the same on the list of re-arms that may
 * wait while completions keep coming (see {@link #requestLazyArm}). {@code CLOSED}: the
 * registered channel was seen closed; it is never armed again and its events are dropped.
 *
 * <p><b>Threads.</b> Not thread-safe: every method runs under the backend's lock, on the polling
 * thread (completions) or a registering thread.
 */
final class IoUringRegistrations {
    /** A tag that names no request. */
    static final long NO_TAG = Long.MIN_VALUE;
    /** The generations a tag can carry: 30 bits. */
    static final int GENERATION_LIMIT = 1 << 30;

    static final int REGISTERED = 1;
    static final int IN_KERNEL = 2;
    static final int ARM_PENDING = 4;
    static final int CLOSED = 8;
    static final int LAZY_PENDING = 16;
    private static final int PENDING = ARM_PENDING | LAZY_PENDING;

    private static final PollMode[] MODES = PollMode.values();

    private int[] generations;
    private byte[] states;
    private byte[] interests;
    private byte[] modes;
    private long[] userKeys;
    private Channel[] channels;
    /** The poll in which each descriptor's event was stored, and where: merges a multishot burst. */
    private int[] reportedIn;
    private int[] reportedAt;

    /** Descriptors to arm at the next submission, oldest first. */
    private final FdQueue arms = new FdQueue();
    /** Descriptors whose re-arm may wait while completions keep coming, oldest first. */
    private final FdQueue lazyArms = new FdQueue();

    /** A growable FIFO of descriptor numbers. */
    private static final class FdQueue {
        int[] fds = new int[16];
        int count;

        void add(int fd) {
            if (count == fds.length) {
                fds = Arrays.copyOf(fds, count * 2);
            }
            fds[count++] = fd;
        }

        void removeFirst(int n) {
            System.arraycopy(fds, n, fds, 0, count - n);
            count -= n;
        }
    }

    /** A table for descriptors below {@code initialCapacity}; it grows as needed. */
    IoUringRegistrations(int initialCapacity) {
        int c = Math.max(1, initialCapacity);
        generations = new int[c];
        states = new byte[c];
        interests = new byte[c];
        modes = new byte[c];
        userKeys = new long[c];
        channels = new Channel[c];
        reportedIn = new int[c];
        reportedAt = new int[c];
    }

    /** The tag of {@code fd} at {@code generation}. */
    static long tag(int fd, int generation) {
        return (long) generation << 32 | fd;
    }

    /** Whether {@code fd} fits the table as it is, so registering it allocates nothing. */
    boolean covers(int fd) {
        return fd < states.length;
    }

    /**
     * Records {@code fd}'s registration under a new generation (replacing any) and, unless the
     * interest is none, queues it to be armed.
     *
     * @param channel the channel registered, to drop its events once it is closed; null for a raw descriptor
     * @return the tag of a request still in the kernel for the old registration, to cancel; or {@link #NO_TAG}
     */
    long register(int fd, long key, int interest, PollMode mode, Channel channel) {
        return register(fd, key, interest, mode, channel, false);
    }

    private long register(int fd, long key, int interest, PollMode mode, Channel channel, boolean lazy) {
        grow(fd);
        long stale = inKernelTag(fd);
        generations[fd] = nextGeneration(generations[fd]);
        userKeys[fd] = key;
        interests[fd] = (byte) (interest & Interest.BOTH);
        modes[fd] = (byte) mode.ordinal();
        channels[fd] = channel;
        reportedIn[fd] = 0;
        states[fd] = (byte) (REGISTERED | (states[fd] & PENDING));
        if (lazy && stale == NO_TAG) {
            requestLazyArm(fd);
        } else {
            requestArm(fd);
        }
        return stale;
    }

    /**
     * Like {@link #register} for a registered descriptor: same channel, new key, interest and
     * mode. With {@code lazy}, a re-arm of a source with no request in the kernel may wait while
     * completions keep coming ({@link #requestLazyArm}); a change of an armed one never does.
     */
    long reregister(int fd, long key, int interest, PollMode mode, boolean lazy) {
        return register(fd, key, interest, mode, channels[fd], lazy);
    }

    /**
     * Forgets {@code fd}: every completion still carrying one of its tags is dropped from now on.
     *
     * @return the tag of a request still in the kernel, to cancel; or {@link #NO_TAG}
     */
    long unregister(int fd) {
        if (fd >= states.length) {
            return NO_TAG;
        }
        long stale = inKernelTag(fd);
        generations[fd] = nextGeneration(generations[fd]);
        channels[fd] = null;
        reportedIn[fd] = 0;
        states[fd] &= PENDING; // a queued arm is skipped when its turn comes
        return stale;
    }

    /** The tag of the request in the kernel for {@code fd}'s registration, or {@link #NO_TAG}. */
    private long inKernelTag(int fd) {
        return (states[fd] & IN_KERNEL) != 0 ? tag(fd, generations[fd]) : NO_TAG;
    }

    /**
     * Queues {@code fd} to have a poll request written at the next submission, unless it is queued
     * already, has no interest, or its channel was seen closed.
     */
    void requestArm(int fd) {
        int s = states[fd];
        if ((s & (REGISTERED | ARM_PENDING | CLOSED)) != REGISTERED || interests[fd] == 0) {
            return;
        }
        states[fd] = (byte) (s | ARM_PENDING);
        arms.add(fd);
    }

    /**
     * Queues {@code fd}'s re-arm on the lazy list: written when the poll must wait anyway, or
     * when the backend decides the list has waited long enough, so that a poll that finds
     * completions in the ring need not call the kernel just to submit re-arms.
     */
    void requestLazyArm(int fd) {
        int s = states[fd];
        if ((s & (REGISTERED | PENDING | CLOSED)) != REGISTERED || interests[fd] == 0) {
            return;
        }
        states[fd] = (byte) (s | LAZY_PENDING);
        lazyArms.add(fd);
    }

    /** How many descriptors wait to be armed at the next submission. */
    int pendingArms() {
        return arms.count;
    }

    /** How many re-arms wait on the lazy list. */
    int pendingLazyArms() {
        return lazyArms.count;
    }

    /**
     * Writes the queued poll requests into {@code sq}, oldest first, until the queue is empty or
     * the ring is full. A descriptor deleted, disarmed or closed meanwhile is skipped.
     *
     * @return true if every queued request was written (or skipped)
     */
    boolean writeArms(SubmissionQueue sq) {
        return writeArms(sq, Integer.MAX_VALUE);
    }

    /**
     * Like {@link #writeArms(SubmissionQueue)} for the {@code limit} oldest queued requests only.
     *
     * @return true if those were all written (or skipped)
     */
    boolean writeArms(SubmissionQueue sq, int limit) {
        return write(sq, arms, ARM_PENDING, limit);
    }

    /** Writes the lazy re-arms into {@code sq}, as {@link #writeArms(SubmissionQueue)} does. */
    boolean writeLazyArms(SubmissionQueue sq) {
        return write(sq, lazyArms, LAZY_PENDING, Integer.MAX_VALUE);
    }

    private boolean write(SubmissionQueue sq, FdQueue queue, int flag, int limit) {
        int done = 0;
        boolean all = true;
        int end = Math.min(limit, queue.count);
        int[] fds = queue.fds;
        for (; done < end; done++) {
            int fd = fds[done];
            int s = states[fd];
            if ((s & (REGISTERED | flag | CLOSED)) != (REGISTERED | flag) || interests[fd] == 0
                    || (s & IN_KERNEL) != 0) {
                states[fd] = (byte) (s & ~flag); // deleted, disarmed, closed, or written from the other list
                continue;
            }
            Channel ch = channels[fd];
            if (ch != null && !ch.isOpen()) {
                states[fd] = (byte) ((s & ~PENDING) | CLOSED);
                continue;
            }
            if (!sq.offerPollAdd(fd, pollEvents(interests[fd]), MODES[modes[fd]] == PollMode.EDGE,
                    tag(fd, generations[fd]))) {
                all = false;
                break;
            }
            states[fd] = (byte) ((s & ~PENDING) | IN_KERNEL);
        }
        if (done > 0) {
            queue.removeFirst(done);
        }
        return all;
    }

    /**
     * Turns the completion {@code (tag, res, flags)} of a poll request into an event stored at
     * index {@code n} of {@code keys}/{@code readiness}, or merged into one already stored in this
     * poll ({@code pollId}), and queues the re-arm its mode calls for.
     *
     * @param removals where to record the tag of a request to cancel (a closed channel's multishot)
     * @return 1 if a new event was stored; 0 if the completion was stale, merged, or not reportable
     */
    int complete(long tag, int res, int flags, long[] keys, int[] readiness, int n, int pollId, TagList removals) {
        int fd = (int) tag;
        if (fd < 0 || fd >= states.length || generations[fd] != (int) (tag >>> 32)
                || (states[fd] & REGISTERED) == 0) {
            return 0; // a request replaced, cancelled or deleted since
        }
        boolean more = (flags & IoUringAbi.IORING_CQE_F_MORE) != 0;
        if (!more) {
            states[fd] &= ~IN_KERNEL;
        }
        if (res < 0 && isTransient(-res)) {
            requestArm(fd); // e.g. ECANCELED: the thread that submitted the request has exited
            return 0;
        }
        Channel ch = channels[fd];
        if ((states[fd] & CLOSED) != 0 || (ch != null && !ch.isOpen())) {
            states[fd] |= CLOSED; // closed while registered: never reported, never armed again
            if (more) {
                removals.add(tag); // the request would keep the file (and the peer's connection) open
            }
            return 0;
        }
        int interest = interests[fd];
        int masked = (res < 0 ? Interest.BOTH : readiness(res)) & interest;
        PollMode mode = MODES[modes[fd]];
        if (masked == 0) {
            if (!more) {
                requestArm(fd); // nothing was reported, so the source is still armed as far as the user knows
            }
            return 0;
        }
        if (res >= 0 && (mode == PollMode.LEVEL || (mode == PollMode.EDGE && !more))) {
            requestArm(fd); // an error is reported once: re-arming a descriptor that fails would spin
        }
        if (reportedIn[fd] == pollId) {
            readiness[reportedAt[fd]] |= masked;
            return 0;
        }
        reportedIn[fd] = pollId;
        reportedAt[fd] = n;
        keys[n] = userKeys[fd];
        readiness[n] = masked;
        return 1;
    }

    /** The state bits of {@code fd}, for tests. */
    int state(int fd) {
        return fd < states.length ? states[fd] : 0;
    }

    /** The current generation of {@code fd}, for tests. */
    int generation(int fd) {
        return fd < generations.length ? generations[fd] : 0;
    }

    /** The poll bits a request asks for: the kernel adds error and hang-up bits itself. */
    static int pollEvents(int interest) {
        int events = 0;
        if ((interest & Interest.READABLE) != 0) {
            events |= IoUringAbi.POLLIN;
        }
        if ((interest & Interest.WRITABLE) != 0) {
            events |= IoUringAbi.POLLOUT;
        }
        return events;
    }

    /**
     * The {@link Interest} bits that a completion's poll bits report, before masking: hang-up,
     * error and an invalid descriptor count as both, so that the next read or write surfaces them.
     */
    static int readiness(int pollBits) {
        int ready = (pollBits & READ_READY) != 0 ? Interest.READABLE : Interest.NONE;
        return (pollBits & WRITE_READY) != 0 ? ready | Interest.WRITABLE : ready;
    }

    private static final int READ_READY = IoUringAbi.POLLIN | IoUringAbi.POLLPRI | IoUringAbi.POLLRDNORM
            | IoUringAbi.POLLRDBAND | IoUringAbi.POLLRDHUP | IoUringAbi.POLLHUP | IoUringAbi.POLLERR | IoUringAbi.POLLNVAL;
    private static final int WRITE_READY = IoUringAbi.POLLOUT | IoUringAbi.POLLWRNORM | IoUringAbi.POLLWRBAND
            | IoUringAbi.POLLHUP | IoUringAbi.POLLERR | IoUringAbi.POLLNVAL;

    /**
     * Whether a failed poll request should simply be submitted again: cancelled by the kernel
     * (its submitting thread exited, or the request was cut short) or refused for want of memory.
     */
    private static boolean isTransient(int errno) {
        return errno == IoUringErrors.ECANCELED || errno == IoUringErrors.EAGAIN || errno == IoUringErrors.ENOMEM
                || errno == IoUringErrors.EINTR;
    }

    private static int nextGeneration(int generation) {
        int next = generation + 1;
        return next >= GENERATION_LIMIT ? 0 : next;
    }

    private void grow(int fd) {
        if (fd < states.length) {
            return;
        }
        int c = Math.max(fd + 1, states.length * 2);
        generations = Arrays.copyOf(generations, c);
        states = Arrays.copyOf(states, c);
        interests = Arrays.copyOf(interests, c);
        modes = Arrays.copyOf(modes, c);
        userKeys = Arrays.copyOf(userKeys, c);
        channels = Arrays.copyOf(channels, c);
        reportedIn = Arrays.copyOf(reportedIn, c);
        reportedAt = Arrays.copyOf(reportedAt, c);
    }
}
