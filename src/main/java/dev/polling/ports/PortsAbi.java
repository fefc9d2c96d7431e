package dev.polling.ports;

/**
 * The illumos/Solaris constants the event-ports backend uses ({@code <sys/port.h>},
 * {@code <sys/poll.h>}); docs/NATIVE.md explains them. errno values and file flags are the shared
 * ones of {@link dev.polling.spi.Errno} and {@link dev.polling.spi.FileFlags}.
 */
final class PortsAbi {
    static final int PORT_SOURCE_USER = 3;
    static final int PORT_SOURCE_FD = 4;
    static final int PORT_SOURCE_ALERT = 5;

    static final int POLLIN = 0x1;
    static final int POLLPRI = 0x2;
    static final int POLLOUT = 0x4;
    static final int POLLERR = 0x8;
    static final int POLLHUP = 0x10;
    static final int POLLNVAL = 0x20;

    private PortsAbi() {
    }
}
