package dev.polling.iouring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.polling.spi.NativeBuffer;

/**
 * One io_uring instance: its descriptor, its three (or, with {@code IORING_FEAT_SINGLE_MMAP},
 * two) shared mappings, the {@link SubmissionQueue} and {@link CompletionQueue} over them, and the
 * features the kernel reported. {@link #open} refuses, with a message naming the reason, a kernel
 * that cannot run the backend: no io_uring or refused ({@code ENOSYS}, {@code EPERM}), no
 * {@code IORING_FEAT_NODROP}, or a missing opcode ({@code IORING_REGISTER_PROBE}).
 *
 * <p>The queues see the mappings through {@link NativeBuffer} views ({@link IoUringOs#memory}).
 * {@link #close()} closes the views, then unmaps and closes the descriptor; the kernel then
 * cancels every request still in flight and drops the file references they hold.
 */
final class IoUringRing implements AutoCloseable {
    private final IoUringOs os;
    private final int fd;
    private final int features;
    private final long[] mappings; // address, length pairs
    private final NativeBuffer[] views; // over the mappings: the submission ring, the completion ring, the entries
    private final SubmissionQueue sq;
    private final CompletionQueue cq;
    private boolean closed;

    private IoUringRing(IoUringOs os, int fd, int features, long[] mappings, NativeBuffer[] views, SubmissionQueue sq,
                        CompletionQueue cq) {
        this.os = os;
        this.fd = fd;
        this.features = features;
        this.mappings = mappings;
        this.views = views;
        this.sq = sq;
        this.cq = cq;
    }

    /**
     * Sets up a ring of (at least) {@code sqEntries} submission and {@code cqEntries} completion
     * entries and maps it.
     *
     * @param canPassEnterArg whether the binding can pass {@code io_uring_enter}'s sixth argument:
     *                        if not, or if the kernel lacks {@code IORING_FEAT_EXT_ARG} (Linux 5.11),
     *                        timed waits need {@code IORING_OP_TIMEOUT}
     * @throws IOException if the kernel refuses the ring or lacks something the backend needs;
     *                     nothing is left open then
     */
    static IoUringRing open(IoUringOs os, int sqEntries, int cqEntries, boolean canPassEnterArg) throws IOException {
        try (NativeBuffer params = os.allocate(IoUringAbi.PARAMS_SIZE)) {
            // SUBMIT_ALL (5.18) keeps one failing entry from stopping the rest of a submission.
            // COOP_TASKRUN (5.19): a poll request's completion is work the kernel runs on the thread
            // that submitted it; by default it interrupts that thread at once (an inter-processor
            // interrupt, a VM exit under virtualisation) even while it runs user code, where with
            // this flag the work waits for the thread's next system call, or wakes it if it sleeps.
            // The polling thread makes system calls all the time; a request another thread
            // submitted completes at that thread's next call or timer tick.
            int flags = IoUringAbi.IORING_SETUP_CQSIZE | IoUringAbi.IORING_SETUP_CLAMP | IoUringAbi.IORING_SETUP_SUBMIT_ALL
                    | IoUringAbi.IORING_SETUP_COOP_TASKRUN;
            int fd = setup(os, params, sqEntries, cqEntries, flags);
            if (fd == -IoUringErrors.EINVAL) {
                fd = setup(os, params, sqEntries, cqEntries, flags & ~IoUringAbi.IORING_SETUP_COOP_TASKRUN);
            }
            if (fd == -IoUringErrors.EINVAL) {
                fd = setup(os, params, sqEntries, cqEntries,
                        flags & ~(IoUringAbi.IORING_SETUP_COOP_TASKRUN | IoUringAbi.IORING_SETUP_SUBMIT_ALL));
            }
            if (fd < 0) {
                throw new IOException(setupRefused(-fd));
            }
            long[] mappings = new long[6];
            NativeBuffer[] views = new NativeBuffer[3];
            try {
                return map(os, fd, params, mappings, views, canPassEnterArg);
            } catch (IOException | RuntimeException | Error e) {
                unmap(os, views, mappings);
                os.close(fd);
                throw e;
            }
        }
    }

    private static int setup(IoUringOs os, NativeBuffer params, int sqEntries, int cqEntries, int flags) {
        params.clear(0, IoUringAbi.PARAMS_SIZE);
        params.putInt(IoUringAbi.PARAMS_CQ_ENTRIES, cqEntries);
        params.putInt(IoUringAbi.PARAMS_FLAGS, flags);
        return os.setup(sqEntries, params);
    }

    /** Maps the rings into {@code mappings} and views them into {@code views}; the caller undoes both on failure. */
    private static IoUringRing map(IoUringOs os, int fd, NativeBuffer params, long[] mappings, NativeBuffer[] views,
                                   boolean canPassEnterArg) throws IOException {
        int features = params.getInt(IoUringAbi.PARAMS_FEATURES);
        if ((features & IoUringAbi.IORING_FEAT_NODROP) == 0) {
            // Without it a full completion ring drops events: a lost readiness would hang a source.
            throw new IOException("the kernel's io_uring lacks IORING_FEAT_NODROP (Linux 5.5)");
        }
        int sqEntries = params.getInt(IoUringAbi.PARAMS_SQ_ENTRIES);
        int cqEntries = params.getInt(IoUringAbi.PARAMS_CQ_ENTRIES);
        long sqOff = IoUringAbi.PARAMS_SQ_OFF;
        long cqOff = IoUringAbi.PARAMS_CQ_OFF;
        long sqRingSize = params.getInt(sqOff + IoUringAbi.SQ_OFF_ARRAY) + 4L * sqEntries;
        long cqRingSize = params.getInt(cqOff + IoUringAbi.CQ_OFF_CQES) + (long) CompletionQueue.CQE_SIZE * cqEntries;
        NativeBuffer sqRing;
        NativeBuffer cqRing;
        if ((features & IoUringAbi.IORING_FEAT_SINGLE_MMAP) != 0) {
            long size = Math.max(sqRingSize, cqRingSize);
            long address = mmap(os, fd, size, IoUringAbi.IORING_OFF_SQ_RING, "rings", mappings, 0);
            sqRing = views[0] = os.memory(address, size);
            cqRing = sqRing;
        } else {
            sqRing = views[0] = os.memory(
                    mmap(os, fd, sqRingSize, IoUringAbi.IORING_OFF_SQ_RING, "submission ring", mappings, 0), sqRingSize);
            cqRing = views[1] = os.memory(
                    mmap(os, fd, cqRingSize, IoUringAbi.IORING_OFF_CQ_RING, "completion ring", mappings, 2), cqRingSize);
        }
        long sqesSize = (long) SubmissionQueue.SQE_SIZE * sqEntries;
        NativeBuffer sqes = views[2] = os.memory(
                mmap(os, fd, sqesSize, IoUringAbi.IORING_OFF_SQES, "submission entries", mappings, 4), sqesSize);
        probe(os, fd, !(canPassEnterArg && (features & IoUringAbi.IORING_FEAT_EXT_ARG) != 0));
        SubmissionQueue sq = new SubmissionQueue(sqRing, sqes,
                params.getInt(sqOff + IoUringAbi.SQ_OFF_HEAD), params.getInt(sqOff + IoUringAbi.SQ_OFF_TAIL),
                params.getInt(sqOff + IoUringAbi.SQ_OFF_RING_MASK), params.getInt(sqOff + IoUringAbi.SQ_OFF_RING_ENTRIES),
                params.getInt(sqOff + IoUringAbi.SQ_OFF_FLAGS), params.getInt(sqOff + IoUringAbi.SQ_OFF_ARRAY));
        CompletionQueue cq = new CompletionQueue(cqRing,
                params.getInt(cqOff + IoUringAbi.CQ_OFF_HEAD), params.getInt(cqOff + IoUringAbi.CQ_OFF_TAIL),
                params.getInt(cqOff + IoUringAbi.CQ_OFF_RING_MASK), params.getInt(cqOff + IoUringAbi.CQ_OFF_RING_ENTRIES),
                params.getInt(cqOff + IoUringAbi.CQ_OFF_OVERFLOW), params.getInt(cqOff + IoUringAbi.CQ_OFF_CQES));
        return new IoUringRing(os, fd, features, mappings, views, sq, cq);
    }

    private static long mmap(IoUringOs os, int fd, long size, long offset, String what, long[] mappings, int slot)
            throws IOException {
        long address = os.mmap(size, fd, offset);
        if (address < 0 && address >= -4095) {
            throw IoUringErrors.failed("mmap of the io_uring " + what + " (" + size + " bytes)", (int) -address);
        }
        mappings[slot] = address;
        mappings[slot + 1] = size;
        return address;
    }

    /** Checks with {@code IORING_REGISTER_PROBE} (Linux 5.6) that every opcode the backend submits is there. */
    private static void probe(IoUringOs os, int fd, boolean needTimeout) throws IOException {
        int size = IoUringAbi.PROBE_HEADER_SIZE + IoUringAbi.PROBE_OP_SIZE * IoUringAbi.PROBE_OPS;
        try (NativeBuffer probe = os.allocate(size)) {
            int r = os.register(fd, IoUringAbi.IORING_REGISTER_PROBE, probe, IoUringAbi.PROBE_OPS);
            if (r < 0) {
                throw new IOException("io_uring_register(IORING_REGISTER_PROBE) failed with " + IoUringErrors.describe(-r)
                        + ": the kernel's io_uring is older than Linux 5.6 or restricted");
            }
            int opsLen = probe.getByte(IoUringAbi.PROBE_OPS_LEN) & 0xFF;
            requireOp(probe, opsLen, IoUringAbi.IORING_OP_POLL_ADD, "IORING_OP_POLL_ADD");
            requireOp(probe, opsLen, IoUringAbi.IORING_OP_POLL_REMOVE, "IORING_OP_POLL_REMOVE");
            if (needTimeout) {
                requireOp(probe, opsLen, IoUringAbi.IORING_OP_TIMEOUT, "IORING_OP_TIMEOUT");
            }
        }
    }

    private static void requireOp(NativeBuffer probe, int opsLen, int op, String name) throws IOException {
        long at = IoUringAbi.PROBE_HEADER_SIZE + (long) IoUringAbi.PROBE_OP_SIZE * op + IoUringAbi.PROBE_OP_FLAGS;
        if (op >= opsLen || (probe.getShort(at) & IoUringAbi.IO_URING_OP_SUPPORTED) == 0) {
            throw new IOException("the kernel's io_uring does not support " + name + " (IORING_REGISTER_PROBE)");
        }
    }

    /** Why {@code io_uring_setup} failed with {@code errno}, in words a user can act on. */
    static String setupRefused(int errno) {
        String detail = switch (errno) {
            case IoUringErrors.ENOSYS -> ": this kernel has no io_uring (before Linux 5.1, or built without it), "
                    + "or a seccomp filter hides it";
            case IoUringErrors.EPERM -> ": refused" + disabledSetting()
                    + " or by a seccomp profile (container runtimes' default profiles block io_uring)";
            case IoUringErrors.ENOMEM -> ": not enough locked memory for the rings (RLIMIT_MEMLOCK, before Linux 5.12)";
            case IoUringErrors.EINVAL -> ": the kernel refused the ring's parameters (io_uring older than Linux 5.6)";
            default -> "";
        };
        return "io_uring_setup failed with " + IoUringErrors.describe(errno) + detail;
    }

    /** " by kernel.io_uring_disabled=N" when that setting is on, else nothing. */
    private static String disabledSetting() {
        try {
            String value = Files.readString(Path.of("/proc/sys/kernel/io_uring_disabled")).trim();
            return value.equals("0") ? "" : " by kernel.io_uring_disabled=" + value;
        } catch (IOException | RuntimeException unreadable) {
            return "";
        }
    }

    /**
     * Closes the views, then unmaps what is mapped. Views first: a queue that touches the ring
     * afterwards then gets an {@link IllegalStateException} from its view instead of a fault (or
     * silent garbage) from an address that no longer maps anything, or maps something else.
     */
    private static void unmap(IoUringOs os, NativeBuffer[] views, long[] mappings) {
        for (NativeBuffer view : views) {
            if (view != null) {
                view.close();
            }
        }
        for (int i = 0; i < mappings.length; i += 2) {
            if (mappings[i + 1] != 0) {
                os.munmap(mappings[i], mappings[i + 1]);
                mappings[i + 1] = 0;
            }
        }
    }

    /** The ring's descriptor. */
    int fd() {
        return fd;
    }

    /** The {@code IORING_FEAT_*} bits the kernel reported. */
    int features() {
        return features;
    }

    /** Whether timed waits can pass their timeout through {@code IORING_ENTER_EXT_ARG}. */
    static boolean extArg(IoUringOs os, IoUringRing ring) {
        return os.canPassEnterArg() && ring.has(IoUringAbi.IORING_FEAT_EXT_ARG);
    }

    /** Whether the kernel has feature {@code bit}. */
    boolean has(int bit) {
        return (features & bit) != 0;
    }

    /** The submission queue. */
    SubmissionQueue sq() {
        return sq;
    }

    /** The completion queue. */
    CompletionQueue cq() {
        return cq;
    }

    /**
     * Closes the views, unmaps the rings and closes the descriptor; later calls do nothing.
     *
     * @throws IOException if {@code close(2)} failed (the mappings are gone anyway)
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        unmap(os, views, mappings);
        int r = os.close(fd);
        if (r < 0) {
            throw IoUringErrors.failed("close(io_uring fd " + fd + ")", -r);
        }
    }

    @Override
    public String toString() {
        return "io_uring fd " + fd + ", " + sq.capacity() + "/" + cq.capacity() + " entries, features 0x"
                + Integer.toHexString(features);
    }
}
