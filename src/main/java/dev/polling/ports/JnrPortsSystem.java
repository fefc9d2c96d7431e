package dev.polling.ports;

import jnr.ffi.Runtime;

import dev.polling.spi.NativeBuffer;
import dev.polling.spi.NativeLibraries;

/**
 * {@link PortsSystem} through JNR-FFI: the port functions from the C library (or the library named
 * by {@code -Dpolling.event_ports.library}), {@code fcntl}/{@code close} from the C library. Symbols
 * resolve on first call.
 */
final class JnrPortsSystem implements PortsSystem {
    /** The library name JNR maps to this OS's C library. */
    static final String LIBC = "c";

    private final PortsLibrary ports;
    private final PortsLibC libc;
    private final Runtime portsRuntime;
    private final Runtime libcRuntime;

    private JnrPortsSystem(PortsLibrary ports, PortsLibC libc) {
        this.ports = ports;
        this.libc = libc;
        this.portsRuntime = Runtime.getRuntime(ports);
        this.libcRuntime = Runtime.getRuntime(libc);
    }

    /**
     * Binds the calls.
     *
     * @throws UnsatisfiedLinkError if a library cannot be loaded
     */
    static JnrPortsSystem load() {
        PortsLibC libc = NativeLibraries.loadLibrary(PortsLibC.class, LIBC);
        return new JnrPortsSystem(NativeLibraries.load(PortsLibrary.class, "event_ports", LIBC), libc);
    }

    @Override
    public int portCreate() {
        int r = ports.port_create();
        return r < 0 ? -portsRuntime.getLastError() : r;
    }

    @Override
    public int portAssociate(int port, int source, long object, int events, long user) {
        int r = ports.port_associate(port, source, object, events, user);
        return r < 0 ? -portsRuntime.getLastError() : r;
    }

    @Override
    public int portDissociate(int port, int source, long object) {
        int r = ports.port_dissociate(port, source, object);
        return r < 0 ? -portsRuntime.getLastError() : r;
    }

    @Override
    public int portGetn(int port, NativeBuffer list, int max, NativeBuffer nget, NativeBuffer timeout) {
        int r = ports.port_getn(port, list.address(), max, nget.address(), timeout == null ? 0L : timeout.address());
        return r < 0 ? -portsRuntime.getLastError() : r;
    }

    @Override
    public int portSend(int port, int events, long user) {
        int r = ports.port_send(port, events, user);
        return r < 0 ? -portsRuntime.getLastError() : r;
    }

    @Override
    public int fcntl(int fd, int cmd, int arg) {
        int r = libc.fcntl(fd, cmd, arg);
        return r < 0 ? -libcRuntime.getLastError() : r;
    }

    @Override
    public int close(int fd) {
        int r = libc.close(fd);
        return r < 0 ? -libcRuntime.getLastError() : r;
    }
}
