package dev.polling.spi.jnr;

import jnr.ffi.annotations.Variadic;
import jnr.ffi.types.intptr_t;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * The POSIX calls every Unix backend shares ({@link JnrUnixOs}), declared once: each backend's
 * JNR library interface extends this one, so that JNR-FFI generates one class per backend and
 * only the backend's own {@code jnr} package needs to be visible to it (on the module path, the
 * one {@code --add-exports} of that package).
 *
 * <p>Public only because JNR-FFI implements it from another class loader. Buffers are passed as
 * raw addresses of native memory the caller owns, so that every signature is primitive, jffi takes
 * its fastest path and nothing is marshalled or allocated per call. errno is saved after each call
 * and read with {@code jnr.ffi.Runtime#getLastError()}.
 */
public interface LibC {
    /** {@code int pipe(int fds[2])}. */
    int pipe(@intptr_t long fds);

    /** {@code int pipe2(int fds[2], int flags)}: Linux 2.6.27+, FreeBSD 10+; missing elsewhere. */
    int pipe2(@intptr_t long fds, int flags);

    /**
     * {@code int fcntl(int fd, int cmd, ...)} with one {@code int} argument. Variadic: on macOS
     * arm64 the third argument goes on the stack, so it must not be bound as a plain function.
     */
    @Variadic(fixedCount = 2)
    int fcntl(int fd, int cmd, int arg);

    /** {@code ssize_t read(int fd, void *buf, size_t count)}. */
    @ssize_t
    long read(int fd, @intptr_t long buf, @size_t long count);

    /** {@code ssize_t write(int fd, const void *buf, size_t count)}. */
    @ssize_t
    long write(int fd, @intptr_t long buf, @size_t long count);

    /** {@code int close(int fd)}. */
    int close(int fd);
}
