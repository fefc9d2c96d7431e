package dev.polling.poll;

import dev.polling.spi.NativeLibraries;

/**
 * {@link PollSyscalls} on the C library through JNR-FFI ({@link PollLibrary}), with the
 * {@code nfds_t} width of the running OS. Thread-safe: JNR keeps errno per thread.
 */
final class JnrPollSyscalls implements PollSyscalls {
    /** The backend name in {@code -Dpolling.poll.library=NAME}. */
    static final String BACKEND_NAME = "poll";

    private final PollLibrary lib;
    private final PollLibrary.WideNfds wide;
    private final PollLibrary.NarrowNfds narrow;
    private final jnr.ffi.Runtime runtime;

    private JnrPollSyscalls(PollLibrary.WideNfds wide, PollLibrary.NarrowNfds narrow) {
        this.wide = wide;
        this.narrow = narrow;
        this.lib = wide != null ? wide : narrow;
        this.runtime = jnr.ffi.Runtime.getRuntime(lib);
    }

    /**
     * Binds the C library (or {@code -Dpolling.poll.library}).
     *
     * @throws UnsatisfiedLinkError if the library or JNR's native stub cannot load
     */
    static JnrPollSyscalls load(PollAbi abi) {
        return abi.wideNfds
                ? new JnrPollSyscalls(NativeLibraries.load(PollLibrary.WideNfds.class, BACKEND_NAME, "c"), null)
                : new JnrPollSyscalls(null, NativeLibraries.load(PollLibrary.NarrowNfds.class, BACKEND_NAME, "c"));
    }

    @Override
    public int poll(long fds, int nfds, int timeoutMillis) {
        return wide != null ? wide.poll(fds, nfds, timeoutMillis) : narrow.poll(fds, nfds, timeoutMillis);
    }

    @Override
    public int pipe(int[] fds) {
        return lib.pipe(fds);
    }

    @Override
    public int pipe2(int[] fds, int flags) {
        return lib.pipe2(fds, flags);
    }

    @Override
    public int fcntl(int fd, int cmd, int arg) {
        return lib.fcntl(fd, cmd, arg);
    }

    @Override
    public int read(int fd, long buf, int count) {
        return (int) lib.read(fd, buf, count);
    }

    @Override
    public int write(int fd, long buf, int count) {
        return (int) lib.write(fd, buf, count);
    }

    @Override
    public int close(int fd) {
        return lib.close(fd);
    }

    @Override
    public int errno() {
        return runtime.getLastError();
    }

    @Override
    public String strerror(int errno) {
        String s = lib.strerror(errno);
        return s == null ? "unknown error" : s;
    }
}
