package dev.polling.iouring;

import dev.polling.spi.NativeBuffer;
import dev.polling.spi.UnixOs;

/**
 * The Linux calls the IO_URING backend makes, besides the shared {@link UnixOs} ones: its seam to
 * the OS, implemented once per binding ({@code iouring.jnr.JnrIoUringOs}, found through
 * {@link dev.polling.spi.Binding}) and by a fake kernel in the unit tests.
 *
 * <p>Every call returns what the system call returns on success and {@code -errno} on failure.
 * Buffers are read and written from their start. The rings themselves are not buffers of this
 * binding but shared mappings: {@link #mmap} returns their address and {@link #memory} a
 * {@link NativeBuffer} view of it. Thread-safe: the polling thread enters the ring while other threads submit to it.
 */
public interface IoUringOs extends UnixOs {
    /** {@code io_uring_setup(entries, params)}, {@code params} a {@code struct io_uring_params}: the ring descriptor. */
    int setup(int entries, NativeBuffer params);

    /**
     * {@code io_uring_enter(ringFd, toSubmit, minComplete, flags, NULL, 0)}: the number of entries
     * submitted. Without {@code IORING_ENTER_EXT_ARG} the last two arguments are a signal mask and
     * its size, and the kernel reads the size only for a non-NULL mask.
     */
    int enter(int ringFd, int toSubmit, int minComplete, int flags);

    /** Whether {@link #enterWithArg} works: whether this binding can pass io_uring_enter's sixth argument. */
    boolean canPassEnterArg();

    /**
     * {@code io_uring_enter(ringFd, toSubmit, minComplete, flags, arg, arg.size())} with
     * {@code IORING_ENTER_EXT_ARG} in {@code flags}, {@code arg} a {@code struct io_uring_getevents_arg}:
     * the wait bounded by the timespec it points to.
     *
     * @throws UnsupportedOperationException if {@link #canPassEnterArg()} is false
     */
    int enterWithArg(int ringFd, int toSubmit, int minComplete, int flags, NativeBuffer arg);

    /** {@code io_uring_register(ringFd, opcode, arg, nrArgs)}: 0 or a count. */
    int register(int ringFd, int opcode, NativeBuffer arg, int nrArgs);

    /**
     * {@code mmap(NULL, length, PROT_READ|PROT_WRITE, MAP_SHARED|MAP_POPULATE, fd, offset)}: the
     * address (user addresses are positive on x86_64 and aarch64), or {@code -errno}.
     */
    long mmap(long length, int fd, long offset);

    /** {@code munmap(address, length)}: 0. */
    int munmap(long address, long length);

    /**
     * A view of {@code length} bytes at {@code address}, a mapping {@link #mmap} returned: its
     * {@code close()} does not unmap, but makes every later access throw; close it before
     * {@link #munmap}.
     *
     * @throws IllegalArgumentException if {@code address} is 0 or {@code length} is not positive
     */
    NativeBuffer memory(long address, long length);

    /** {@code eventfd(initval, flags)}: a new descriptor. */
    int eventfd(int initval, int flags);
}
