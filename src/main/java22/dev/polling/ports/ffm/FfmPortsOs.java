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
 * {@code -Dpolling.event_ports.library=NAME}, through {@link PortsCalls}; the shared calls from
 * {@link FfmUnixOs}. The event list is checked to hold {@code max} records
 * ({@link IndexOutOfBoundsException} otherwise). Thread-safe; nothing is allocated per call.
 */
public final class FfmPortsOs extends FfmUnixOs implements PortsOs {
    /** The backend name in {@code -Dpolling.event_ports.library}. */
    static final String BACKEND_NAME = "event_ports";

    /** {@code port_event_t}: int events, ushort source, ushort pad, uintptr_t object, void *user; 24 bytes on LP64. */
    private static final long EVENT_SIZE = 24;
    private static final long TIMESPEC_SIZE = 2 * Long.BYTES;

    private final FfmLibraries.Library lib;
    /** Each {@link MemorySegment#NULL} where the library lacks it: the call then fails ({@link FfmLibraries#require}). */
    private final MemorySegment portCreate;
    private final MemorySegment portAssociate;
    private final MemorySegment portDissociate;
    private final MemorySegment portGetn;
    private final MemorySegment portSend;

    private FfmPortsOs(FfmLibraries.Library lib) {
        this.lib = lib;
        portCreate = lib.findOptional("port_create");
        portAssociate = lib.findOptional("port_associate");
        portDissociate = lib.findOptional("port_dissociate");
        portGetn = lib.findOptional("port_getn");
        portSend = lib.findOptional("port_send");
    }

    /**
     * Binds the C library (or the override); what {@link dev.polling.spi.Binding#load(Class)} calls.
     *
     * @throws UnsatisfiedLinkError if the library cannot be opened (a missing function fails when called)
     */
    public static PortsOs load() {
        return new FfmPortsOs(FfmLibraries.load(BACKEND_NAME, FfmLibraries.LIBC));
    }

    @Override
    public int portCreate() {
        MemorySegment state = CapturedErrno.state();
        MemorySegment function = FfmLibraries.require(portCreate, "port_create", lib);
        try {
            return CapturedErrno.result((int) PortsCalls.PORT_CREATE.invokeExact(function, state), state);
        } catch (Throwable t) {
            throw FfmCalls.unexpected("port_create", t);
        }
    }

    @Override
    public int portAssociate(int port, int source, long object, int events, long user) {
        MemorySegment state = CapturedErrno.state();
        MemorySegment function = FfmLibraries.require(portAssociate, "port_associate", lib);
        try {
            return CapturedErrno.result(
                    (int) PortsCalls.PORT_ASSOCIATE.invokeExact(function, state, port, source, object, events, user), state);
        } catch (Throwable t) {
            throw FfmCalls.unexpected("port_associate", t);
        }
    }

    @Override
    public int portDissociate(int port, int source, long object) {
        MemorySegment state = CapturedErrno.state();
        MemorySegment function = FfmLibraries.require(portDissociate, "port_dissociate", lib);
        try {
            return CapturedErrno.result((int) PortsCalls.PORT_DISSOCIATE.invokeExact(function, state, port, source, object),
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
        MemorySegment function = FfmLibraries.require(portGetn, "port_getn", lib);
        try {
            return CapturedErrno.result((int) PortsCalls.PORT_GETN.invokeExact(function, state, port, l, max, n, t), state);
        } catch (Throwable th) {
            throw FfmCalls.unexpected("port_getn", th);
        }
    }

    @Override
    public int portSend(int port, int events, long user) {
        MemorySegment state = CapturedErrno.state();
        MemorySegment function = FfmLibraries.require(portSend, "port_send", lib);
        try {
            return CapturedErrno.result((int) PortsCalls.PORT_SEND.invokeExact(function, state, port, events, user), state);
        } catch (Throwable t) {
            throw FfmCalls.unexpected("port_send", t);
        }
    }
}
