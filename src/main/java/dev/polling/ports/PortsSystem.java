package dev.polling.ports;

import dev.polling.spi.NativeBuffer;

/**
 * The OS calls the event-ports backend makes, narrowed so that its logic can be tested with this
 * interface mocked. Each returns the C result when it is not negative and {@code -errno} when the
 * call failed (errno read on the calling thread right after the call).
 */
interface PortsSystem {
    /** {@code port_create()}. */
    int portCreate();

    /** {@code port_associate(port, source, object, events, (void *) user)}. */
    int portAssociate(int port, int source, long object, int events, long user);

    /** {@code port_dissociate(port, source, object)}. */
    int portDissociate(int port, int source, long object);

    /**
     * {@code port_getn(port, list, max, nget, timeout)}: {@code nget} is a 4-byte in/out buffer; a
     * {@code null} timeout waits without limit. On failure the buffers may still hold events.
     */
    int portGetn(int port, NativeBuffer list, int max, NativeBuffer nget, NativeBuffer timeout);

    /** {@code port_send(port, events, (void *) user)}. */
    int portSend(int port, int events, long user);

    /** {@code fcntl(fd, cmd, arg)}. */
    int fcntl(int fd, int cmd, int arg);

    /** {@code close(fd)}. */
    int close(int fd);
}
