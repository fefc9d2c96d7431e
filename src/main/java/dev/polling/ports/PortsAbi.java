package dev.polling.ports;

/** The illumos/Solaris constants the event-ports backend uses (native-apis §4.3). */
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

    static final int ENOENT = 2;
    static final int EINTR = 4;
    static final int EBADF = 9;
    static final int EAGAIN = 11;
    static final int EINVAL = 22;
    static final int ETIME = 62;

    static final int F_SETFD = 2;
    static final int FD_CLOEXEC = 1;

    private PortsAbi() {
    }
}
