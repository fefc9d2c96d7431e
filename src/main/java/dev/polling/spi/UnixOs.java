package dev.polling.spi;

/**
 * The POSIX calls every Unix backend shares (for its wake-up pipe and descriptor checks); each
 * Unix backend's OS interface extends this one.
 *
 * <p>Every call returns what the C function returns on success and {@code -errno} on failure,
 * the errno read on the calling thread right after the call (see {@link Errno} for names). A
 * buffer argument is read or written from its start; {@code count} must not exceed its size.
 * Thread-safe: any thread may call.
 */
public interface UnixOs extends NativeOs {
    /** {@code pipe(fds)}: 0, the read end at int 0 of {@code fds} and the write end at int 1. */
    int pipe(NativeBuffer fds);

    /**
     * {@code pipe2(fds, flags)}: as {@link #pipe}, with {@code O_NONBLOCK}/{@code O_CLOEXEC} set
     * atomically; {@code -ENOSYS} where the C library has no {@code pipe2}.
     */
    int pipe2(NativeBuffer fds, int flags);

    /** {@code fcntl(fd, cmd, arg)} with one {@code int} argument (a variadic call on every ABI). */
    int fcntl(int fd, int cmd, int arg);

    /** {@code read(fd, buf, count)}: bytes read, 0 at end of file. */
    int read(int fd, NativeBuffer buf, int count);

    /** {@code write(fd, buf, count)}: bytes written. */
    int write(int fd, NativeBuffer buf, int count);

    /** {@code close(fd)}: 0. */
    int close(int fd);
}
