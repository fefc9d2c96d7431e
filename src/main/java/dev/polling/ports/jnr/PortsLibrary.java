package dev.polling.ports.jnr;

import jnr.ffi.types.intptr_t;
import jnr.ffi.types.uintptr_t;

import dev.polling.spi.jnr.LibC;

/** JNR-FFI binding of the illumos/Solaris event-port functions (libc). */
public interface PortsLibrary extends LibC {
    /** {@code int port_create(void)}. */
    int port_create();

    /** {@code int port_associate(int port, int source, uintptr_t object, int events, void *user)}. */
    int port_associate(int port, int source, @uintptr_t long object, int events, @intptr_t long user);

    /** {@code int port_dissociate(int port, int source, uintptr_t object)}. */
    int port_dissociate(int port, int source, @uintptr_t long object);

    /** {@code int port_getn(int port, port_event_t list[], uint_t max, uint_t *nget, const timespec_t *timeout)}. */
    int port_getn(int port, @intptr_t long list, int max, @intptr_t long nget, @intptr_t long timeout);

    /** {@code int port_send(int port, int events, void *user)}. */
    int port_send(int port, int events, @intptr_t long user);
}
