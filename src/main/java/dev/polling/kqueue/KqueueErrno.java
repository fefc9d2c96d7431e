package dev.polling.kqueue;

/**
 * Names for the errno values kqueue calls return, for messages such as
 * {@code "kevent(EV_ADD EVFILT_READ, fd 7): EBADF (Bad file descriptor)"}. Numbers 1 to 34 are
 * the same on macOS, the BSDs and Linux; above that only the ones kevent documents are named.
 */
final class KqueueErrno {
    private static final String[] NAMES = {
        null, "EPERM (Operation not permitted)", "ENOENT (No such file or directory)", "ESRCH (No such process)",
        "EINTR (Interrupted system call)", "EIO (Input/output error)", "ENXIO (Device not configured)",
        "E2BIG (Argument list too long)", "ENOEXEC (Exec format error)", "EBADF (Bad file descriptor)",
        "ECHILD (No child processes)", null, "ENOMEM (Cannot allocate memory)", "EACCES (Permission denied)",
        "EFAULT (Bad address)", null, "EBUSY (Device busy)", "EEXIST (File exists)", "EXDEV (Cross-device link)",
        "ENODEV (Operation not supported by device)", "ENOTDIR (Not a directory)", "EISDIR (Is a directory)",
        "EINVAL (Invalid argument)", "ENFILE (Too many open files in system)", "EMFILE (Too many open files)",
        "ENOTTY (Inappropriate ioctl for device)", null, "EFBIG (File too large)", "ENOSPC (No space left on device)",
        "ESPIPE (Illegal seek)", "EROFS (Read-only file system)", "EMLINK (Too many links)", "EPIPE (Broken pipe)",
        "EDOM (Numerical argument out of domain)", "ERANGE (Result too large)",
    };

    private KqueueErrno() {
    }

    /** {@code "EBADF (Bad file descriptor)"}, or {@code "errno N"} for numbers without a portable name. */
    static String describe(int errno) {
        if (errno > 0 && errno < NAMES.length && NAMES[errno] != null) {
            return NAMES[errno];
        }
        return "errno " + errno;
    }
}
