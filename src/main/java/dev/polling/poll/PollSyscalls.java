package dev.polling.poll;

/**
 * The system calls the POLL backend makes, as plain Java: the seam between the backend's logic
 * and the native binding, mocked in unit tests. Each call returns what the C function returns
 * (-1 on failure) and leaves the failure's errno for {@link #errno()} on the calling thread.
 * Pointers are addresses of native memory the caller owns.
 */
interface PollSyscalls {
    /** {@code poll(fds, nfds, timeoutMillis)}: the number of entries with non-zero {@code revents}, 0 on timeout. */
    int poll(long fds, int nfds, int timeoutMillis);

    /** {@code pipe(fds)}. */
    int pipe(int[] fds);

    /** {@code pipe2(fds, flags)}; may fail with {@link UnsatisfiedLinkError} where the C library lacks it. */
    int pipe2(int[] fds, int flags);

    /** {@code fcntl(fd, cmd, arg)}. */
    int fcntl(int fd, int cmd, int arg);

    /** {@code read(fd, buf, count)}: bytes read, 0 at end of file. */
    int read(int fd, long buf, int count);

    /** {@code write(fd, buf, count)}: bytes written. */
    int write(int fd, long buf, int count);

    /** {@code close(fd)}. */
    int close(int fd);

    /** The errno the last failed call on this thread left. */
    int errno();

    /** The C library's description of {@code errno} (e.g. "Bad file descriptor"). */
    String strerror(int errno);
}
