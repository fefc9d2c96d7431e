package dev.polling.spi;

import java.io.IOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The one errno table: the numbers of the errors the Unix backends act on or name, for the OS
 * this JVM runs on, and a name and description for messages such as
 * {@code "epoll_ctl(ADD, fd 7): EBADF (Bad file descriptor)"}.
 *
 * <p>Errors 1 to 34 carry the numbers Version 7 Unix gave them on every Unix here (Linux, macOS,
 * the BSDs, illumos/Solaris, AIX, QNX), except 11: EAGAIN on Linux, illumos, AIX and QNX, EDEADLK
 * on macOS and the BSDs. Past 34 each OS numbers its own; Haiku numbers everything from
 * {@code INT_MIN}. Every value here is checked by a unit test against {@code jnr-constants}, the
 * per-OS constants of the JNR project, for each OS that library describes (Linux, macOS, FreeBSD,
 * OpenBSD, DragonFly, illumos/Solaris, AIX); NetBSD takes FreeBSD's numbers, which it shares for
 * every error here, and QNX and Haiku those of their headers. The library is not used at run time:
 * a {@code java.lang.foreign} run must load nothing of JNR, and these few numbers do not need a
 * 2.9 MB jar.
 *
 * <p>An error this OS does not have is 0, which no failed call returns.
 */
public final class Errno {
    /** Errors 1..34 in Version 7 order; 11 is per OS. */
    private static final String[] V7 = {
        null, "EPERM", "ENOENT", "ESRCH", "EINTR", "EIO", "ENXIO", "E2BIG", "ENOEXEC", "EBADF", "ECHILD",
        null, "ENOMEM", "EACCES", "EFAULT", "ENOTBLK", "EBUSY", "EEXIST", "EXDEV", "ENODEV", "ENOTDIR",
        "EISDIR", "EINVAL", "ENFILE", "EMFILE", "ENOTTY", "ETXTBSY", "EFBIG", "ENOSPC", "ESPIPE", "EROFS",
        "EMLINK", "EPIPE", "EDOM", "ERANGE",
    };

    /** What each error means, in the C library's usual words. */
    private static final Map<String, String> DESCRIPTIONS = Map.ofEntries(
            Map.entry("EPERM", "Operation not permitted"), Map.entry("ENOENT", "No such file or directory"),
            Map.entry("ESRCH", "No such process"), Map.entry("EINTR", "Interrupted system call"),
            Map.entry("EIO", "Input/output error"), Map.entry("ENXIO", "No such device or address"),
            Map.entry("E2BIG", "Argument list too long"), Map.entry("ENOEXEC", "Exec format error"),
            Map.entry("EBADF", "Bad file descriptor"), Map.entry("ECHILD", "No child processes"),
            Map.entry("EAGAIN", "Resource temporarily unavailable"),
            Map.entry("EWOULDBLOCK", "Operation would block"),
            Map.entry("EDEADLK", "Resource deadlock avoided"), Map.entry("ENOMEM", "Cannot allocate memory"),
            Map.entry("EACCES", "Permission denied"), Map.entry("EFAULT", "Bad address"),
            Map.entry("ENOTBLK", "Block device required"), Map.entry("EBUSY", "Device or resource busy"),
            Map.entry("EEXIST", "File exists"), Map.entry("EXDEV", "Invalid cross-device link"),
            Map.entry("ENODEV", "No such device"), Map.entry("ENOTDIR", "Not a directory"),
            Map.entry("EISDIR", "Is a directory"), Map.entry("EINVAL", "Invalid argument"),
            Map.entry("ENFILE", "Too many open files in system"), Map.entry("EMFILE", "Too many open files"),
            Map.entry("ENOTTY", "Inappropriate ioctl for device"), Map.entry("ETXTBSY", "Text file busy"),
            Map.entry("EFBIG", "File too large"), Map.entry("ENOSPC", "No space left on device"),
            Map.entry("ESPIPE", "Illegal seek"), Map.entry("EROFS", "Read-only file system"),
            Map.entry("EMLINK", "Too many links"), Map.entry("EPIPE", "Broken pipe"),
            Map.entry("EDOM", "Numerical argument out of domain"), Map.entry("ERANGE", "Numerical result out of range"),
            Map.entry("ENOSYS", "Function not implemented"), Map.entry("ELOOP", "Too many levels of symbolic links"),
            Map.entry("ETIMEDOUT", "Connection timed out"), Map.entry("ETIME", "Timer expired"),
            Map.entry("EBADFD", "File descriptor in bad state"));

    /** The errno numbers of one OS. */
    public static final class Table {
        private final String os;
        private final Map<String, Integer> values = new HashMap<>();
        private final Map<Integer, String> names = new HashMap<>();

        private Table(String os, boolean v7) {
            this.os = os;
            if (v7) {
                for (int i = 1; i < V7.length; i++) {
                    if (V7[i] != null) {
                        define(V7[i], i);
                    }
                }
            }
        }

        /** Adds {@code name = value}; a second name for a value (EWOULDBLOCK = EAGAIN) does not rename it. */
        private Table define(String name, int value) {
            values.put(name, value);
            names.putIfAbsent(value, name);
            return this;
        }

        /** The OS this table describes. */
        public String os() {
            return os;
        }

        /** The number of {@code name} on this OS, or 0 if it has no such error. */
        public int value(String name) {
            return values.getOrDefault(name, 0);
        }

        /** Every name this table defines, with its number. */
        public Map<String, Integer> values() {
            return Map.copyOf(values);
        }

        /** The name of {@code errno} ({@code "EBADF"}), or {@code null} if this table does not know it. */
        public String name(int errno) {
            return names.get(errno);
        }

        /** {@code "EBADF (Bad file descriptor)"}, or {@code "errno N"} for a number this table does not know. */
        public String describe(int errno) {
            String name = names.get(errno);
            return name == null ? "errno " + errno : name + " (" + DESCRIPTIONS.get(name) + ")";
        }

        /**
         * The table of {@code platform}; {@code osName} (the raw {@code os.name}) tells apart the
         * systems {@link Platform} counts as {@link Platform.Os#OTHER_UNIX}. An OS this table does not
         * know gets the Version 7 numbers alone.
         */
        public static Table of(Platform platform, String osName) {
            String name = osName.toLowerCase(Locale.ROOT);
            switch (platform.os()) {
                case LINUX:
                    return new Table("Linux", true).define("EAGAIN", 11).define("EWOULDBLOCK", 11).define("EDEADLK", 35)
                            .define("ENOSYS", 38).define("ELOOP", 40).define("ETIME", 62).define("EBADFD", 77)
                            .define("ETIMEDOUT", 110);
                case MACOS:
                    return bsd("macOS").define("ETIME", 101);
                case FREEBSD, NETBSD, OPENBSD, DRAGONFLY:
                    return bsd(platform.os().displayName());
                case SOLARIS:
                    return new Table("illumos/Solaris", true).define("EAGAIN", 11).define("EWOULDBLOCK", 11)
                            .define("EDEADLK", 45).define("ETIME", 62).define("EBADFD", 81).define("ENOSYS", 89)
                            .define("ELOOP", 90).define("ETIMEDOUT", 145);
                default:
                    if (name.contains("aix")) {
                        return new Table("AIX", true).define("EAGAIN", 11).define("EWOULDBLOCK", 11)
                                .define("EDEADLK", 45).define("ETIMEDOUT", 78).define("ELOOP", 85).define("ENOSYS", 109);
                    }
                    if (name.contains("qnx")) {
                        return new Table("QNX", true).define("EAGAIN", 11).define("EWOULDBLOCK", 11);
                    }
                    if (name.contains("haiku")) {
                        // B_GENERAL_ERROR_BASE + 10 and + 11 (B_INTERRUPTED, B_WOULD_BLOCK)
                        return new Table("Haiku", false).define("EINTR", Integer.MIN_VALUE + 10)
                                .define("EAGAIN", Integer.MIN_VALUE + 11).define("EWOULDBLOCK", Integer.MIN_VALUE + 11);
                    }
                    return new Table(platform.os().displayName(), true);
            }
        }

        /** macOS and the BSDs: 4.4BSD's numbers. */
        private static Table bsd(String os) {
            return new Table(os, true).define("EDEADLK", 11).define("EAGAIN", 35).define("EWOULDBLOCK", 35)
                    .define("ETIMEDOUT", 60).define("ELOOP", 62).define("ENOSYS", 78);
        }

        @Override
        public String toString() {
            return "Errno.Table[" + os + "]";
        }
    }

    private static final Table CURRENT = Table.of(Platform.current(), System.getProperty("os.name", ""));

    /** {@code EPERM} on this OS. */
    public static final int EPERM = CURRENT.value("EPERM");
    /** {@code ENOENT} on this OS. */
    public static final int ENOENT = CURRENT.value("ENOENT");
    /** {@code EINTR} on this OS. */
    public static final int EINTR = CURRENT.value("EINTR");
    /** {@code EBADF} on this OS. */
    public static final int EBADF = CURRENT.value("EBADF");
    /** {@code EAGAIN} on this OS. */
    public static final int EAGAIN = CURRENT.value("EAGAIN");
    /** {@code EWOULDBLOCK} on this OS (equal to EAGAIN on every OS here). */
    public static final int EWOULDBLOCK = CURRENT.value("EWOULDBLOCK");
    /** {@code ENOMEM} on this OS. */
    public static final int ENOMEM = CURRENT.value("ENOMEM");
    /** {@code EEXIST} on this OS. */
    public static final int EEXIST = CURRENT.value("EEXIST");
    /** {@code EINVAL} on this OS. */
    public static final int EINVAL = CURRENT.value("EINVAL");
    /** {@code EMFILE} on this OS. */
    public static final int EMFILE = CURRENT.value("EMFILE");
    /** {@code ENOSPC} on this OS. */
    public static final int ENOSPC = CURRENT.value("ENOSPC");
    /** {@code EPIPE} on this OS. */
    public static final int EPIPE = CURRENT.value("EPIPE");
    /** {@code ENOSYS} on this OS. */
    public static final int ENOSYS = CURRENT.value("ENOSYS");
    /** {@code ELOOP} on this OS. */
    public static final int ELOOP = CURRENT.value("ELOOP");
    /** {@code ETIMEDOUT} on this OS. */
    public static final int ETIMEDOUT = CURRENT.value("ETIMEDOUT");
    /** {@code ETIME} on this OS (illumos's port_getn timeout), 0 where there is none. */
    public static final int ETIME = CURRENT.value("ETIME");

    private Errno() {
    }

    /** This OS's table. */
    public static Table current() {
        return CURRENT;
    }

    /** {@code "EBADF (Bad file descriptor)"}, or {@code "errno N"}, on this OS. */
    public static String describe(int errno) {
        return CURRENT.describe(errno);
    }

    /** Whether a failed read or write means "nothing to do now" rather than an error. */
    public static boolean isWouldBlock(int errno) {
        return errno == EAGAIN || errno == EWOULDBLOCK;
    }

    /** The IOException for a failed call, e.g. {@code "epoll_wait(epfd 5): EINVAL (Invalid argument)"}. */
    public static IOException failed(String call, int errno) {
        return new IOException(call + ": " + describe(errno));
    }
}
