package dev.polling.iouring;

/**
 * The OS calls the io_uring backend makes, as a narrow interface so that the ring logic can run
 * against a fake kernel in tests. Every call returns what the system call returns on success and
 * {@code -errno} on failure; none throws for an OS error. Addresses are native addresses passed as
 * {@code long}.
 *
 * <p>Implementations: {@code jnr.JnrIoUringOs} (jffi, JDK 17+). Each must be safe to call from any
 * thread: the polling thread enters the ring while other threads may submit to it.
 */
public interface IoUringOs {
    /** {@code io_uring_setup(entries, params)}: the ring descriptor, or {@code -errno}. */
    int setup(int entries, long params);

    /**
     * {@code io_uring_enter(ringFd, toSubmit, minComplete, flags, NULL, 0)}: the number of entries
     * submitted, or {@code -errno}. Without {@code IORING_ENTER_EXT_ARG} the last two arguments
     * are a signal mask and its size, and a null mask leaves the size unread.
     */
    int enter(int ringFd, int toSubmit, int minComplete, int flags);

    /** Whether {@link #enterWithArg} works: io_uring_enter's sixth argument can be passed. */
    boolean canPassEnterArg();

    /**
     * {@code io_uring_enter(ringFd, toSubmit, minComplete, flags | IORING_ENTER_EXT_ARG, arg, argSize)}:
     * the wait bounded by the {@code struct io_uring_getevents_arg} at {@code arg}.
     *
     * @throws UnsupportedOperationException if {@link #canPassEnterArg()} is false
     */
    int enterWithArg(int ringFd, int toSubmit, int minComplete, int flags, long arg, int argSize);

    /** {@code io_uring_register(ringFd, opcode, arg, nrArgs)}: 0 or a count, or {@code -errno}. */
    int register(int ringFd, int opcode, long arg, int nrArgs);

    /**
     * {@code mmap(NULL, length, PROT_READ|PROT_WRITE, MAP_SHARED|MAP_POPULATE, fd, offset)}: the
     * address, or {@code -errno} (addresses of user mappings are never in the last page, so a value
     * in {@code [-4095, -1]} is an error).
     */
    long mmap(long length, int fd, long offset);

    /** {@code munmap(address, length)}: 0, or {@code -errno}. */
    int munmap(long address, long length);

    /** A view of {@code length} bytes of native memory at {@code address} (a mapping or a buffer). */
    RingMemory memory(long address, long length);

    /** {@code eventfd(initval, flags)}: a new descriptor, or {@code -errno}. */
    int eventfd(int initval, int flags);

    /** {@code write(fd, buf, count)}: bytes written, or {@code -errno}. */
    long write(int fd, long buf, long count);

    /** {@code close(fd)}: 0, or {@code -errno}. */
    int close(int fd);

    /** {@code fcntl(fd, F_GETFD)}: the descriptor flags, or {@code -errno} (EBADF for a number that is not open). */
    int descriptorFlags(int fd);
}
