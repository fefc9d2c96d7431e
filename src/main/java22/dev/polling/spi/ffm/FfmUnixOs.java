package dev.polling.spi.ffm;

import java.lang.foreign.MemorySegment;

import dev.polling.spi.Errno;
import dev.polling.spi.NativeBuffer;
import dev.polling.spi.UnixOs;

/**
 * {@link UnixOs} through {@code java.lang.foreign}: the calls every Unix backend shares, from the C
 * library ({@link LibcCalls}), and this binding's native memory. Each Unix backend's FFM OS class
 * extends this one and adds its own calls.
 *
 * <p>Buffers must come from {@link #allocate} (a buffer of another binding is refused with
 * {@link ClassCastException}) and hold {@code count} bytes ({@link IndexOutOfBoundsException}
 * otherwise); a closed buffer is refused by the linker with {@link IllegalStateException}.
 * Thread-safe; nothing is allocated per call.
 */
public abstract class FfmUnixOs implements UnixOs {
    /** For the backends' FFM OS classes. */
    protected FfmUnixOs() {
    }

    @Override
    public final NativeBuffer allocate(long size) {
        return FfmNativeBuffer.allocate(size);
    }

    @Override
    public final int pipe(NativeBuffer fds) {
        MemorySegment state = CapturedErrno.state();
        try {
            return CapturedErrno.result((int) LibcCalls.PIPE.invokeExact(state, FfmNativeBuffer.segment(fds, 8)), state);
        } catch (Throwable t) {
            throw FfmCalls.unexpected("pipe", t);
        }
    }

    @Override
    public final int pipe2(NativeBuffer fds, int flags) {
        if (LibcCalls.PIPE2 == null) {
            return -Errno.ENOSYS;
        }
        MemorySegment state = CapturedErrno.state();
        try {
            return CapturedErrno.result((int) LibcCalls.PIPE2.invokeExact(state, FfmNativeBuffer.segment(fds, 8), flags), state);
        } catch (Throwable t) {
            throw FfmCalls.unexpected("pipe2", t);
        }
    }

    @Override
    public final int fcntl(int fd, int cmd, int arg) {
        MemorySegment state = CapturedErrno.state();
        try {
            return CapturedErrno.result((int) LibcCalls.FCNTL.invokeExact(state, fd, cmd, arg), state);
        } catch (Throwable t) {
            throw FfmCalls.unexpected("fcntl", t);
        }
    }

    @Override
    public final int read(int fd, NativeBuffer buf, int count) {
        MemorySegment state = CapturedErrno.state();
        try {
            return CapturedErrno.result((long) LibcCalls.READ.invokeExact(state, fd, FfmNativeBuffer.segment(buf, count),
                    (long) count), state);
        } catch (Throwable t) {
            throw FfmCalls.unexpected("read", t);
        }
    }

    @Override
    public final int write(int fd, NativeBuffer buf, int count) {
        MemorySegment state = CapturedErrno.state();
        try {
            return CapturedErrno.result((long) LibcCalls.WRITE.invokeExact(state, fd, FfmNativeBuffer.segment(buf, count),
                    (long) count), state);
        } catch (Throwable t) {
            throw FfmCalls.unexpected("write", t);
        }
    }

    @Override
    public final int close(int fd) {
        MemorySegment state = CapturedErrno.state();
        try {
            return CapturedErrno.result((int) LibcCalls.CLOSE.invokeExact(state, fd), state);
        } catch (Throwable t) {
            throw FfmCalls.unexpected("close", t);
        }
    }
}
