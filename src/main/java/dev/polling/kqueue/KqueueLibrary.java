package dev.polling.kqueue;

import jnr.ffi.types.intptr_t;

/**
 * JNR-FFI binding of {@code kqueue(2)} as macOS, FreeBSD, OpenBSD, DragonFly (and Linux ports with
 * FreeBSD's ABI) export it: {@code int} counts, pointers passed as addresses.
 */
public interface KqueueLibrary {
    /** {@code int kqueue(void)}. */
    int kqueue();

    /**
     * {@code int kevent(int kq, const struct kevent *changelist, int nchanges, struct kevent *eventlist,
     * int nevents, const struct timespec *timeout)}.
     */
    int kevent(int kq, @intptr_t long changelist, int nchanges, @intptr_t long eventlist, int nevents,
               @intptr_t long timeout);
}
