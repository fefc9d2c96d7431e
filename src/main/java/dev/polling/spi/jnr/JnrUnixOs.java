package dev.polling.spi.jnr;

import java.util.Objects;

import jnr.ffi.Runtime;

import dev.polling.spi.Errno;
import dev.polling.spi.NativeBuffer;
import dev.polling.spi.UnixOs;

/**
 * {@link UnixOs} through JNR-FFI ({@link LibC}, which each backend's library interface extends): the shared part of
 * every Unix backend's JNR implementation, which extends it. Turns JNR's "-1, then read errno"
 * into the {@code -errno} every OS interface returns. Thread-safe: jffi keeps errno per thread.
 */
public abstract class JnrUnixOs implements UnixOs {
    private final LibC libc;
    /** Reads the errno jffi saved after the calling thread's last call (one slot per thread, whatever the library). */
    private final Runtime runtime;

    /**
     * Calls {@code libc}: the backend's own loaded JNR library, which extends {@link LibC}.
     */
    protected JnrUnixOs(LibC libc) {
        this.libc = libc;
        this.runtime = Runtime.getRuntime(libc);
    }

    /** {@code result}, or {@code -errno} if it is negative: what every OS interface call returns. */
    protected final int result(int result) {
        return result < 0 ? -runtime.getLastError() : result;
    }

    /** As {@link #result(int)} for a {@code ssize_t} result (counts here never pass 2^31). */
    protected final int result(long result) {
        return result < 0 ? -runtime.getLastError() : (int) result;
    }

    @Override
    public NativeBuffer allocate(long size) {
        return JnrNativeBuffer.allocate(size);
    }

    @Override
    public int pipe(NativeBuffer fds) {
        Objects.checkFromIndexSize(0, 8, fds.size());
        return result(libc.pipe(fds.address()));
    }

    @Override
    public int pipe2(NativeBuffer fds, int flags) {
        Objects.checkFromIndexSize(0, 8, fds.size());
        try {
            return result(libc.pipe2(fds.address(), flags));
        } catch (UnsatisfiedLinkError missing) {
            return -Errno.ENOSYS; // symbols resolve on first call: a C library without pipe2
        }
    }

    @Override
    public int fcntl(int fd, int cmd, int arg) {
        return result(libc.fcntl(fd, cmd, arg));
    }

    @Override
    public int read(int fd, NativeBuffer buf, int count) {
        Objects.checkFromIndexSize(0, count, buf.size());
        return result(libc.read(fd, buf.address(), count));
    }

    @Override
    public int write(int fd, NativeBuffer buf, int count) {
        Objects.checkFromIndexSize(0, count, buf.size());
        return result(libc.write(fd, buf.address(), count));
    }

    @Override
    public int close(int fd) {
        return result(libc.close(fd));
    }
}
