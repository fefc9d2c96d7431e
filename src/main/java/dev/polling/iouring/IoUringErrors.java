package dev.polling.iouring;

import java.io.IOException;

/** The errno values the io_uring backend tells apart (the same on x86_64 and aarch64), and their names. */
final class IoUringErrors {
    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int EINTR = 4;
    static final int ENXIO = 6;
    static final int EBADF = 9;
    static final int EAGAIN = 11;
    static final int ENOMEM = 12;
    static final int EFAULT = 14;
    static final int EBUSY = 16;
    static final int EINVAL = 22;
    static final int ENFILE = 23;
    static final int EMFILE = 24;
    static final int ENOSYS = 38;
    static final int ETIME = 62;
    static final int EBADFD = 77;
    static final int EOPNOTSUPP = 95;
    static final int ECANCELED = 125;

    private IoUringErrors() {
    }

    /** The errno's name and meaning, e.g. {@code "EBADF (Bad file descriptor)"}. */
    static String describe(int errno) {
        return switch (errno) {
            case EPERM -> "EPERM (Operation not permitted)";
            case ENOENT -> "ENOENT (No such file or directory)";
            case EINTR -> "EINTR (Interrupted system call)";
            case ENXIO -> "ENXIO (No such device or address)";
            case EBADF -> "EBADF (Bad file descriptor)";
            case EAGAIN -> "EAGAIN (Resource temporarily unavailable)";
            case ENOMEM -> "ENOMEM (Cannot allocate memory)";
            case EFAULT -> "EFAULT (Bad address)";
            case EBUSY -> "EBUSY (Device or resource busy)";
            case EINVAL -> "EINVAL (Invalid argument)";
            case ENFILE -> "ENFILE (Too many open files in system)";
            case EMFILE -> "EMFILE (Too many open files)";
            case ENOSYS -> "ENOSYS (Function not implemented)";
            case ETIME -> "ETIME (Timer expired)";
            case EBADFD -> "EBADFD (File descriptor in bad state)";
            case EOPNOTSUPP -> "EOPNOTSUPP (Operation not supported)";
            case ECANCELED -> "ECANCELED (Operation canceled)";
            default -> "errno " + errno;
        };
    }

    /** The IOException for a failed call, e.g. {@code "io_uring_enter(ring fd 5): EBADFD (...)"}. */
    static IOException failed(String call, int errno) {
        return new IOException(call + ": " + describe(errno));
    }
}
