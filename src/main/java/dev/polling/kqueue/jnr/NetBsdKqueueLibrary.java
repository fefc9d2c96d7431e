package dev.polling.kqueue.jnr;

import jnr.ffi.Pointer;
import jnr.ffi.types.intptr_t;
import jnr.ffi.types.size_t;

import dev.polling.spi.jnr.LibC;

/**
 * JNR-FFI binding of NetBSD's kqueue: {@code kevent} must be bound as {@code __kevent50} (plain
 * {@code kevent} is the compat entry with a 32-bit {@code time_t}), and its counts are {@code size_t}.
 * The timeout is a {@link Pointer} for the reason {@link KqueueLibrary} gives.
 */
public interface NetBsdKqueueLibrary extends LibC {
    /** {@code int kqueue(void)}. */
    int kqueue();

    /**
     * {@code int __kevent50(int kq, const struct kevent *changelist, size_t nchanges,
     * struct kevent *eventlist, size_t nevents, const struct timespec *timeout)}.
     */
    int __kevent50(int kq, @intptr_t long changelist, @size_t long nchanges, @intptr_t long eventlist,
                   @size_t long nevents, Pointer timeout);
}
