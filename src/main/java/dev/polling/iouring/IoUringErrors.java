package dev.polling.iouring;

import java.io.IOException;

import dev.polling.spi.Errno;

/**
 * The errno values the io_uring backend tells apart, as compile-time constants: io_uring exists on
 * Linux only, whose numbers are the same on x86_64 and aarch64 (a unit test checks them against
 * {@link Errno}). Names and meanings come from {@link Errno}, plus the two it does not list.
 */
final class IoUringErrors {
    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int EINTR = 4;
    static final int EBADF = 9;
    static final int EAGAIN = 11;
    static final int ENOMEM = 12;
    static final int EBUSY = 16;
    static final int EINVAL = 22;
    static final int ENOSYS = 38;
    static final int ETIME = 62;
    static final int EBADFD = 77;
    static final int ECANCELED = 125;

    private IoUringErrors() {
    }

    /** The errno's name and meaning, e.g. {@code "EBADF (Bad file descriptor)"}. */
    static String describe(int errno) {
        return errno == ECANCELED ? "ECANCELED (Operation canceled)" : Errno.describe(errno);
    }

    /** The IOException for a failed call, e.g. {@code "io_uring_enter(ring fd 5): EBADFD (...)"}. */
    static IOException failed(String call, int errno) {
        return new IOException(call + ": " + describe(errno));
    }
}
