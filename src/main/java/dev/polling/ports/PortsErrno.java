package dev.polling.ports;

/** Names for the illumos/Solaris errno values the event-port calls return, for messages. */
final class PortsErrno {
    private PortsErrno() {
    }

    /** {@code "EBADF (Bad file number)"}, or {@code "errno N"}. */
    static String describe(int errno) {
        return switch (errno) {
            case 1 -> "EPERM (Not owner)";
            case 2 -> "ENOENT (No such file or directory)";
            case 4 -> "EINTR (Interrupted system call)";
            case 9 -> "EBADF (Bad file number)";
            case 11 -> "EAGAIN (Resource temporarily unavailable)";
            case 12 -> "ENOMEM (Not enough space)";
            case 13 -> "EACCES (Permission denied)";
            case 14 -> "EFAULT (Bad address)";
            case 16 -> "EBUSY (Device busy)";
            case 22 -> "EINVAL (Invalid argument)";
            case 24 -> "EMFILE (Too many open files)";
            case 62 -> "ETIME (Timer expired)";
            case 81 -> "EBADFD (File descriptor in bad state)";
            default -> "errno " + errno;
        };
    }
}
