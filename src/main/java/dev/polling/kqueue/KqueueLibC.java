package dev.polling.kqueue;

import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.Variadic;
import jnr.ffi.types.intptr_t;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/** JNR-FFI binding of the libc calls the kqueue backend needs besides kqueue itself. */
public interface KqueueLibC {
    /** {@code int fcntl(int fd, int cmd, ...)}: variadic, which matters on macOS arm64 (arguments on the stack). */
    @Variadic(fixedCount = 2)
    int fcntl(int fd, int cmd, int arg);

    /** {@code int pipe(int fds[2])}. */
    int pipe(@Out int[] fds);

    /** {@code ssize_t read(int fd, void *buf, size_t count)}. */
    @ssize_t
    long read(int fd, @intptr_t long buf, @size_t long count);

    /** {@code ssize_t write(int fd, const void *buf, size_t count)}. */
    @ssize_t
    long write(int fd, @intptr_t long buf, @size_t long count);

    /** {@code int close(int fd)}. */
    int close(int fd);
}
