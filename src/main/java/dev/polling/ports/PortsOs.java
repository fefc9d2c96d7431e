package dev.polling.ports;

import dev.polling.spi.NativeBuffer;
import dev.polling.spi.UnixOs;

/**
 * The event-port calls the EVENT_PORTS backend makes besides the shared {@link UnixOs} ones: its
 * seam to the OS, implemented once per binding ({@code ports.jnr.JnrPortsOs},
 * {@code ports.ffm.FfmPortsOs}, each with {@code public static PortsOs load()}, found through
 * {@link dev.polling.spi.Binding}) and by a fake kernel in the unit tests.
 *
 * <p>Each returns the C result when it is not negative and {@code -errno} when the call failed.
 * The port functions come from the C library, or from the library named by
 * {@code -Dpolling.event_ports.library} (an emulation may stand in). Thread-safe.
 */
public interface PortsOs extends UnixOs {
    /** {@code port_create()}: a new port descriptor. */
    int portCreate();

    /** {@code port_associate(port, source, object, events, (void *) user)}. */
    int portAssociate(int port, int source, long object, int events, long user);

    /** {@code port_dissociate(port, source, object)}. */
    int portDissociate(int port, int source, long object);

    /**
     * {@code port_getn(port, list, max, nget, timeout)}: {@code list} holds {@code max}
     * {@code port_event_t} ({@link PortEventLayout}), {@code nget} is a 4-byte in/out count, a
     * {@code null} timeout waits without limit. On failure (ETIME, EINTR) the buffers may still
     * hold events.
     */
    int portGetn(int port, NativeBuffer list, int max, NativeBuffer nget, NativeBuffer timeout);

    /** {@code port_send(port, events, (void *) user)}. */
    int portSend(int port, int events, long user);
}
