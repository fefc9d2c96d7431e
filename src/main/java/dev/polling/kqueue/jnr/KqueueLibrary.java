package dev.polling.kqueue.jnr;

import jnr.ffi.Pointer;
import jnr.ffi.types.intptr_t;

import dev.polling.spi.jnr.LibC;

/**
 * JNR-FFI binding of {@code kqueue(2)} as macOS, FreeBSD, OpenBSD, DragonFly (and Linux ports with
 * FreeBSD's ABI) export it: {@code int} counts, pointers passed as addresses.
 *
 * <p>The timeout is a {@link Pointer}, not an address: jnr-ffi 2.2's generated fast path passes
 * garbage as the sixth argument of a six-parameter function (jnr/jnr-ffi#181, seen here with
 * 2.2.19 / jffi 1.3.15 on x86_64); a {@code Pointer} there takes another path that is correct and
 * still allocates nothing.
 */
public interface KqueueLibrary extends LibC {
    /** {@code int kqueue(void)}. */
    int kqueue();

    /**
     * {@code int kevent(int kq, const struct kevent *changelist, int nchanges, struct kevent *eventlist,
     * int nevents, const struct timespec *timeout)}.
     */
    int kevent(int kq, @intptr_t long changelist, int nchanges, @intptr_t long eventlist, int nevents, Pointer timeout);
}
