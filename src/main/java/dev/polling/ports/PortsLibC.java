package dev.polling.ports;

import jnr.ffi.annotations.Variadic;

/** JNR-FFI binding of the libc calls the event-ports backend needs besides the port functions. */
public interface PortsLibC {
    /** {@code int fcntl(int fd, int cmd, ...)}. */
    @Variadic(fixedCount = 2)
    int fcntl(int fd, int cmd, int arg);

    /** {@code int close(int fd)}. */
    int close(int fd);
}
