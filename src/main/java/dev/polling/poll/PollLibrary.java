package dev.polling.poll;

import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.Variadic;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * The C library functions the POLL backend calls, bound by JNR-FFI. Buffers are passed as raw
 * addresses ({@code long}) of native memory the backend owns, so a call marshals nothing and
 * allocates nothing. {@code errno} is saved after every call (JNR's default) and read with
 * {@code jnr.ffi.Runtime.getLastError()}.
 *
 * <p>{@code poll} itself is declared in the two sub-interfaces, because {@code nfds_t} is
 * {@code unsigned long} on Linux and illumos but {@code unsigned int} on macOS and the BSDs;
 * the backend loads the one that matches {@link PollAbi#wideNfds}.
 *
 * <p>Public only because JNR-FFI implements it in a class of its own; the package is not exported.
 */
public interface PollLibrary {
    /** {@code int pipe(int fds[2])}. */
    int pipe(@Out int[] fds);

    /** {@code int pipe2(int fds[2], int flags)}: Linux 2.6.27+, where it sets both flags atomically. */
    int pipe2(@Out int[] fds, int flags);

    /**
     * {@code int fcntl(int fd, int cmd, ...)} with one {@code int} argument. Variadic: on macOS
     * arm64 the third argument goes on the stack, so it must not be bound as a plain function.
     */
    @Variadic(fixedCount = 2)
    int fcntl(int fd, int cmd, int arg);

    /** {@code ssize_t read(int fd, void *buf, size_t count)}. */
    @ssize_t
    long read(int fd, long buf, @size_t long count);

    /** {@code ssize_t write(int fd, const void *buf, size_t count)}. */
    @ssize_t
    long write(int fd, long buf, @size_t long count);

    /** {@code int close(int fd)}. */
    int close(int fd);

    /** {@code char *strerror(int errnum)}, for error messages only. */
    String strerror(int errnum);

    /** The binding where {@code nfds_t} is {@code unsigned long} (Linux, illumos, Solaris). */
    interface WideNfds extends PollLibrary {
        /** {@code int poll(struct pollfd *fds, nfds_t nfds, int timeout)} with a 64-bit {@code nfds_t}. */
        int poll(long fds, long nfds, int timeoutMillis);
    }

    /** The binding where {@code nfds_t} is {@code unsigned int} (macOS, the BSDs, AIX). */
    interface NarrowNfds extends PollLibrary {
        /** {@code int poll(struct pollfd *fds, nfds_t nfds, int timeout)} with a 32-bit {@code nfds_t}. */
        int poll(long fds, int nfds, int timeoutMillis);
    }
}
