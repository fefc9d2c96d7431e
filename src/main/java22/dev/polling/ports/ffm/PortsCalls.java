package dev.polling.ports.ffm;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;

import dev.polling.spi.ffm.CapturedErrno;
import dev.polling.spi.ffm.FfmLibraries;

/**
 * The event-port functions' downcall handles, {@code static final} so that the JIT treats them as
 * constants. Each takes the function's address first (from the library {@link FfmPortsOs} bound:
 * the C library or a stand-in), then the errno capture segment.
 *
 * <p>{@code uintptr_t object} and {@code void *user} are the backend's numbers, never pointers it
 * reads: they pass as 64-bit integers, which is how a 64-bit ABI passes a pointer. The calls that
 * never block ({@code port_associate}, {@code port_dissociate}, {@code port_send}) are critical;
 * {@code port_getn} waits.
 */
final class PortsCalls {
    private static final Linker.Option CRITICAL = Linker.Option.critical(false);

    /** {@code int port_create(void)}. */
    static final MethodHandle PORT_CREATE = FfmLibraries.downcall(FunctionDescriptor.of(JAVA_INT), CapturedErrno.OPTION);
    /** {@code int port_associate(int port, int source, uintptr_t object, int events, void *user)}. */
    static final MethodHandle PORT_ASSOCIATE = FfmLibraries.downcall(
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_LONG), CRITICAL, CapturedErrno.OPTION);
    /** {@code int port_dissociate(int port, int source, uintptr_t object)}. */
    static final MethodHandle PORT_DISSOCIATE = FfmLibraries.downcall(
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG), CRITICAL, CapturedErrno.OPTION);
    /**
     * {@code int port_getn(int port, port_event_t list[], uint_t max, uint_t *nget,
     * const struct timespec *timeout)}.
     */
    static final MethodHandle PORT_GETN = FfmLibraries.downcall(
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS), CapturedErrno.OPTION);
    /** {@code int port_send(int port, int events, void *user)}. */
    static final MethodHandle PORT_SEND = FfmLibraries.downcall(
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG), CRITICAL, CapturedErrno.OPTION);

    private PortsCalls() {
    }
}
