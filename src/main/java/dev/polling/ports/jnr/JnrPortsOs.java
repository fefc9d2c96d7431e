package dev.polling.ports.jnr;

import dev.polling.ports.PortsOs;
import dev.polling.spi.NativeBuffer;
import dev.polling.spi.jnr.JnrLibraries;
import dev.polling.spi.jnr.JnrUnixOs;

/**
 * {@link PortsOs} through JNR-FFI: the port functions from the C library (or the library named by
 * {@code -Dpolling.event_ports.library}), the rest from {@link JnrUnixOs}. Symbols resolve on first call.
 */
public final class JnrPortsOs extends JnrUnixOs implements PortsOs {
    /** The backend name in {@code -Dpolling.event_ports.library}. */
    static final String BACKEND_NAME = "event_ports";

    private final PortsLibrary ports;

    private JnrPortsOs(PortsLibrary ports) {
        super(ports);
        this.ports = ports;
    }

    /**
     * Binds the calls; what {@link dev.polling.spi.Binding} calls.
     *
     * @throws UnsatisfiedLinkError if a library cannot be loaded
     */
    public static PortsOs load() {
        return new JnrPortsOs(JnrLibraries.load(PortsLibrary.class, BACKEND_NAME, JnrLibraries.LIBC));
    }

    @Override
    public int portCreate() {
        return result(ports.port_create());
    }

    @Override
    public int portAssociate(int port, int source, long object, int events, long user) {
        return result(ports.port_associate(port, source, object, events, user));
    }

    @Override
    public int portDissociate(int port, int source, long object) {
        return result(ports.port_dissociate(port, source, object));
    }

    @Override
    public int portGetn(int port, NativeBuffer list, int max, NativeBuffer nget, NativeBuffer timeout) {
        return result(ports.port_getn(port, list.address(), max, nget.address(), timeout == null ? 0L : timeout.address()));
    }

    @Override
    public int portSend(int port, int events, long user) {
        return result(ports.port_send(port, events, user));
    }
}
