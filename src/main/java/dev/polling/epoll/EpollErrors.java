package dev.polling.epoll;

import java.io.IOException;

import dev.polling.spi.Errors;

/** Turns the errno of a failed epoll call into the exception the poller's contract names. */
final class EpollErrors {
    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int EINTR = 4;
    static final int EBADF = 9;
    static final int EAGAIN = 11;
    static final int ENOMEM = 12;
    static final int EFAULT = 14;
    static final int EEXIST = 17;
    static final int EINVAL = 22;
    static final int ENFILE = 23;
    static final int EMFILE = 24;
    static final int ENOSPC = 28;
    static final int ENOSYS = 38;
    static final int ELOOP = 40;

    private EpollErrors() {
    }

    /** The errno's name and meaning, e.g. {@code "EBADF (Bad file descriptor)"}. */
    static String describe(int errno) {
        return switch (errno) {
            case EPERM -> "EPERM (Operation not permitted)";
            case ENOENT -> "ENOENT (No such file or directory)";
            case EINTR -> "EINTR (Interrupted system call)";
            case EBADF -> "EBADF (Bad file descriptor)";
            case EAGAIN -> "EAGAIN (Resource temporarily unavailable)";
            case ENOMEM -> "ENOMEM (Cannot allocate memory)";
            case EFAULT -> "EFAULT (Bad address)";
            case EEXIST -> "EEXIST (File exists)";
            case EINVAL -> "EINVAL (Invalid argument)";
            case ENFILE -> "ENFILE (Too many open files in system)";
            case EMFILE -> "EMFILE (Too many open files)";
            case ENOSPC -> "ENOSPC (No space left on device: fs.epoll.max_user_watches reached)";
            case ENOSYS -> "ENOSYS (Function not implemented)";
            case ELOOP -> "ELOOP (Too many levels of nested epoll instances)";
            default -> "errno " + errno;
        };
    }

    /** The IOException for a failed call, e.g. {@code "epoll_wait(epfd 5): EINVAL (Invalid argument)"}. */
    static IOException failed(String call, int errno) {
        return new IOException(call + ": " + describe(errno));
    }

    /** The name of an {@code epoll_ctl} operation. */
    static String opName(int op) {
        return switch (op) {
            case EpollFlags.EPOLL_CTL_ADD -> "ADD";
            case EpollFlags.EPOLL_CTL_MOD -> "MOD";
            case EpollFlags.EPOLL_CTL_DEL -> "DEL";
            default -> String.valueOf(op);
        };
    }

    /**
     * Throws what a failed {@code epoll_ctl(op, fd)} means for the caller.
     *
     * @throws IllegalStateException    EEXIST (already registered) or ENOENT (not registered)
     * @throws IllegalArgumentException EPERM (a file epoll cannot watch) or EBADF (not an open descriptor)
     * @throws IOException              anything else, naming the call and the errno
     */
    static void throwCtlFailure(int op, int fd, int errno) throws IOException {
        switch (errno) {
            case EEXIST -> throw Errors.alreadyRegistered(fd);
            case ENOENT -> throw Errors.notRegistered(fd);
            case EPERM -> throw new IllegalArgumentException("descriptor " + fd
                    + " cannot be polled: epoll refuses files whose driver has no readiness to report"
                    + " (regular files, directories, some devices) (" + describe(errno) + ")");
            case EBADF -> throw new IllegalArgumentException("descriptor " + fd
                    + " is not an open descriptor (epoll_ctl " + opName(op) + ": " + describe(errno) + ")");
            default -> throw failed("epoll_ctl(" + opName(op) + ", fd " + fd + ")", errno);
        }
    }
}
