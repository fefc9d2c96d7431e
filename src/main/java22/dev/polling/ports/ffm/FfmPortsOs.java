package dev.polling.ports.ffm;

import java.lang.foreign.MemorySegment;

import dev.polling.ports.PortsOs;
import dev.polling.spi.NativeBuffer;
import dev.polling.spi.ffm.CapturedErrno;
import dev.polling.spi.ffm.FfmCalls;
import dev.polling.spi.ffm.FfmLibraries;
import dev.polling.spi.ffm.FfmNativeBuffer;
import dev.polling.spi.ffm.FfmUnixOs;

/**
 * {@link PortsOs} through {@code java.lang.foreign}: the event-port functions of the C library or of
 * {@code -Dpolling.ports.library=NAME}, through {@link PortsCalls}; the shared calls from
 * {@link FfmUnixOs}. The event list is checked to hold {@code max} records
 * ({@link IndexOutOfBoundsException} otherwise). Thread-safe; nothing is allocated per call.
 */
public final class FfmPortsOs extends FfmUnixOs implements PortsOs {
    /** The backend name in {@code -Dpolling.ports.library}. */
    static final String BACKEND_NAME = "ports";

    /** {@code port_event_t}: int events, ushort source, ushort pad, uintptr_t object, void *user; 24 bytes on LP64. */
    private static final long EVENT_SIZE = 24;
    private static final long TIMESPEC_SIZE = 2 * Long.BYTES;

    private final MemorySegment portCreate;
    private final MemorySegment portAssociate;
    private final MemorySegment portDissociate;
    private final MemorySegment portGetn;
    private final MemorySegment portSend;

    private FfmPortsOs(FfmLibraries.Library lib) {
        portCreate = lib.find("port_create");
        portAssociate = lib.find("port_associate");
        portDissociate = lib.find("port_dissociate");
        portGetn = lib.find("port_getn");
        portSend = lib.find("port_send");
    }

    /**
     * Binds the C library (or the override); what {@link dev.polling.spi.Binding#load(Class)} calls.
     *
     * @throws UnsatisfiedLinkError if the library or one of its port functions cannot be found
     */
    public static PortsOs load() {
        return new FfmPortsOs(FfmLibraries.load(BACKEND_NAME, FfmLibraries.LIBC));
    }

    @Override
    public int portCreate() {
        MemorySegment state = CapturedErrno.state();
        try {
            return CapturedErrno.result((int) PortsCalls.PORT_CREATE.invokeExact(portCreate, state), state);
        } catch (Throwable t) {
            throw FfmCalls.unexpected("port_create", t);
        }
    }

    @Override
    public int portAssociate(int port, int source, long object, int events, long user) {
        MemorySegment state = CapturedErrno.state();
        try {
            return CapturedErrno.result(
                    (int) PortsCalls.PORT_ASSOCIATE.invokeExact(portAssociate, state, port, source, object, events, user), state);
        } catch (Throwable t) {
            throw FfmCalls.unexpected("port_associate", t);
        }
    }

    @Override
    public int portDissociate(int port, int source, long object) {
        MemorySegment state = CapturedErrno.state();
        try {
            return CapturedErrno.result((int) PortsCalls.PORT_DISSOCIATE.invokeExact(portDissociate, state, port, source, object),
                    state);
        } catch (Throwable t) {
            throw FfmCalls.unexpected("port_dissociate", t);
        }
    }

    @Override
    public int portGetn(int port, NativeBuffer list, int max, NativeBuffer nget, NativeBuffer timeout) {
        MemorySegment l = FfmNativeBuffer.segment(list, max * EVENT_SIZE);
        MemorySegment n = FfmNativeBuffer.segment(nget, Integer.BYTES);
        MemorySegment t = timeout == null ? MemorySegment.NULL : FfmNativeBuffer.segment(timeout, TIMESPEC_SIZE);
        MemorySegment state = CapturedErrno.state();
        try {
            return CapturedErrno.result((int) PortsCalls.PORT_GETN.invokeExact(portGetn, state, port, l, max, n, t), state);
        } catch (Throwable th) {
            throw FfmCalls.unexpected("port_getn", th);
        }
    }

    @Override
    public int portSend(int port, int events, long user) {
        MemorySegment state = CapturedErrno.state();
        try {
            return CapturedErrno.result((int) PortsCalls.PORT_SEND.invokeExact(portSend, state, port, events, user), state);
        } catch (Throwable t) {
            throw FfmCalls.unexpected("port_send", t);
        }
    }
}
