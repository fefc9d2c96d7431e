package dev.polling.bench;

import jnr.ffi.LibraryLoader;
import jnr.ffi.LibraryOption;
import jnr.ffi.annotations.IgnoreError;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;

/**
 * The few C library calls the raw-descriptor ring needs: the same {@code pipe2}/{@code read}/
 * {@code write} the C reference makes, so that the Java loop does exactly the C loop's system calls.
 *
 * <p>The per-event calls take and return primitives only and skip errno ({@link IgnoreError}):
 * JNR then binds them as a plain JNI native method with an x86-64 stub and nothing else per call.
 * A buffer is passed as its native address. Linux only (pipe2, eventfd).
 */
public interface Posix {
    /** {@code O_NONBLOCK} on Linux. */
    int O_NONBLOCK = 0x800;
    /** {@code O_CLOEXEC} on Linux. */
    int O_CLOEXEC = 0x80000;

    /** {@code pipe2(2)}: {@code fds[0]} the read end, {@code fds[1]} the write end; -1 on error. */
    @SaveError
    int pipe2(@Out int[] fds, int flags);

    /** {@code eventfd(2)}: a new eventfd, or -1. */
    @SaveError
    int eventfd(int initialValue, int flags);

    /** {@code read(2)} into native memory at {@code address}; bytes read, 0 at EOF, -1 on error. */
    @IgnoreError
    long read(int fd, long address, long count);

    /** {@code write(2)} from native memory at {@code address}; bytes written or -1. */
    @IgnoreError
    long write(int fd, long address, long count);

    /** {@code close(2)}. */
    @IgnoreError
    int close(int fd);

    /** The binding to the C library, loaded on first use. */
    static Posix libc() {
        return Holder.LIBC;
    }

    /** Lazily loads the binding so that classes that only mention it never need JNR. */
    final class Holder {
        static final Posix LIBC = LibraryLoader.create(Posix.class)
                .option(LibraryOption.IgnoreError, Boolean.TRUE)
                .load("c");

        private Holder() {
        }
    }
}
