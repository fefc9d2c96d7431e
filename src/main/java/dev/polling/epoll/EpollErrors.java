package dev.polling.epoll;

import java.io.IOException;

import dev.polling.spi.Errno;
import dev.polling.spi.Errors;

/** Turns the errno of a failed epoll call into the exception the poller's contract names. */
final class EpollErrors {
    private EpollErrors() {
    }

    /** The errno's name and meaning, with what it means for epoll where that is not obvious. */
    static String describe(int errno) {
        String text = Errno.describe(errno);
        if (errno == Errno.ENOSPC) {
            return text.substring(0, text.length() - 1) + ": fs.epoll.max_user_watches reached)";
        }
        if (errno == Errno.ELOOP) {
            return "ELOOP (Too many levels of nested epoll instances)";
        }
        return text;
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
        if (errno == Errno.EEXIST) {
            throw Errors.alreadyRegistered(fd);
        }
        if (errno == Errno.ENOENT) {
            throw Errors.notRegistered(fd);
        }
        if (errno == Errno.EPERM) {
            throw new IllegalArgumentException("descriptor " + fd
                    + " cannot be polled: epoll refuses files whose driver has no readiness to report"
                    + " (regular files, directories, some devices) (" + describe(errno) + ")");
        }
        if (errno == Errno.EBADF) {
            throw new IllegalArgumentException("descriptor " + fd
                    + " is not an open descriptor (epoll_ctl " + opName(op) + ": " + describe(errno) + ")");
        }
        throw failed("epoll_ctl(" + opName(op) + ", fd " + fd + ")", errno);
    }
}
