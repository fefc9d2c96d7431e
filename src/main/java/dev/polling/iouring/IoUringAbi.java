package dev.polling.iouring;

/**
 * The constants of Linux's io_uring interface that the backend uses, as {@code <linux/io_uring.h>}
 * defines them (the same on every architecture; the system call numbers are the binding's).
 *
 * <pre>
 * struct io_uring_params {            // 120 bytes
 *     __u32 sq_entries;               // @0
 *     __u32 cq_entries;               // @4
 *     __u32 flags;                    // @8
 *     __u32 sq_thread_cpu;            // @12
 *     __u32 sq_thread_idle;           // @16
 *     __u32 features;                 // @20
 *     __u32 wq_fd;                    // @24
 *     __u32 resv[3];                  // @28
 *     struct io_sqring_offsets sq_off;   // @40: head, tail, ring_mask, ring_entries, flags, dropped, array, resv1 (u32 each), resv2 (u64)
 *     struct io_cqring_offsets cq_off;   // @80: head, tail, ring_mask, ring_entries, overflow, cqes, flags, resv1 (u32 each), resv2 (u64)
 * };
 * </pre>
 */
final class IoUringAbi {
    // struct io_uring_params
    static final int PARAMS_SIZE = 120;
    static final int PARAMS_SQ_ENTRIES = 0;
    static final int PARAMS_CQ_ENTRIES = 4;
    static final int PARAMS_FLAGS = 8;
    static final int PARAMS_FEATURES = 20;
    static final int PARAMS_SQ_OFF = 40;
    static final int PARAMS_CQ_OFF = 80;
    // struct io_sqring_offsets, relative to PARAMS_SQ_OFF
    static final int SQ_OFF_HEAD = 0;
    static final int SQ_OFF_TAIL = 4;
    static final int SQ_OFF_RING_MASK = 8;
    static final int SQ_OFF_RING_ENTRIES = 12;
    static final int SQ_OFF_FLAGS = 16;
    static final int SQ_OFF_DROPPED = 20;
    static final int SQ_OFF_ARRAY = 24;
    // struct io_cqring_offsets, relative to PARAMS_CQ_OFF
    static final int CQ_OFF_HEAD = 0;
    static final int CQ_OFF_TAIL = 4;
    static final int CQ_OFF_RING_MASK = 8;
    static final int CQ_OFF_RING_ENTRIES = 12;
    static final int CQ_OFF_OVERFLOW = 16;
    static final int CQ_OFF_CQES = 20;

    // io_uring_setup(2) flags
    static final int IORING_SETUP_CQSIZE = 1 << 3;
    static final int IORING_SETUP_CLAMP = 1 << 4;
    static final int IORING_SETUP_SUBMIT_ALL = 1 << 7;
    static final int IORING_SETUP_COOP_TASKRUN = 1 << 8;

    // io_uring_params.features
    static final int IORING_FEAT_SINGLE_MMAP = 1;
    static final int IORING_FEAT_NODROP = 1 << 1;
    static final int IORING_FEAT_EXT_ARG = 1 << 8;
    static final int IORING_FEAT_CQE_SKIP = 1 << 11;

    // mmap(2) offsets of the three regions
    static final long IORING_OFF_SQ_RING = 0L;
    static final long IORING_OFF_CQ_RING = 0x8000000L;
    static final long IORING_OFF_SQES = 0x10000000L;

    // opcodes
    static final int IORING_OP_NOP = 0;
    static final int IORING_OP_POLL_ADD = 6;
    static final int IORING_OP_POLL_REMOVE = 7;
    static final int IORING_OP_TIMEOUT = 11;

    // sqe->flags
    static final int IOSQE_CQE_SKIP_SUCCESS = 1 << 6;

    // POLL_ADD command flags, in sqe->len
    static final int IORING_POLL_ADD_MULTI = 1;

    // cqe->flags
    static final int IORING_CQE_F_MORE = 1 << 1;

    // sq_ring->flags
    static final int IORING_SQ_CQ_OVERFLOW = 1 << 1;

    // io_uring_enter(2) flags
    static final int IORING_ENTER_GETEVENTS = 1;
    static final int IORING_ENTER_EXT_ARG = 1 << 3;

    // io_uring_register(2)
    static final int IORING_REGISTER_PROBE = 8;
    /** {@code struct io_uring_probe}: 16 bytes, then {@code ops_len} entries of {@code struct io_uring_probe_op}. */
    static final int PROBE_HEADER_SIZE = 16;
    static final int PROBE_OP_SIZE = 8;
    static final int PROBE_OPS = 256;
    static final int PROBE_LAST_OP = 0;
    static final int PROBE_OPS_LEN = 1;
    /** {@code io_uring_probe_op.flags} (a u16 at 2 in each op). */
    static final int PROBE_OP_FLAGS = 2;
    static final int IO_URING_OP_SUPPORTED = 1;

    /** {@code struct io_uring_getevents_arg}: sigmask (u64), sigmask_sz (u32), pad (u32), ts (u64). */
    static final int GETEVENTS_ARG_SIZE = 24;
    static final int GETEVENTS_ARG_TS = 16;

    // poll(2) bits, as a POLL_ADD asks for them and its completion reports them
    static final int POLLIN = 0x1;
    static final int POLLPRI = 0x2;
    static final int POLLOUT = 0x4;
    static final int POLLERR = 0x8;
    static final int POLLHUP = 0x10;
    static final int POLLNVAL = 0x20;
    static final int POLLRDNORM = 0x40;
    static final int POLLRDBAND = 0x80;
    static final int POLLWRNORM = 0x100;
    static final int POLLWRBAND = 0x200;
    static final int POLLRDHUP = 0x2000;

    // eventfd(2): the same values on x86_64 and aarch64
    static final int EFD_CLOEXEC = 0x8_0000;
    static final int EFD_NONBLOCK = 0x800;

    private IoUringAbi() {
    }
}
