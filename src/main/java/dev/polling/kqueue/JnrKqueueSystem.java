package dev.polling.kqueue;

import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

import dev.polling.spi.NativeBuffer;
import dev.polling.spi.NativeLibraries;

/**
 * {@link KqueueSystem} through JNR-FFI: {@code kqueue}/{@code kevent} from the C library (or the
 * library named by {@code -Dpolling.kqueue.library}), the rest always from the C library.
 * Symbols resolve on first call: a missing {@code kqueue()} shows as {@link UnsatisfiedLinkError}
 * from {@link #kqueue()}.
 */
final class JnrKqueueSystem implements KqueueSystem {
    /** The library name JNR maps to this OS's C library. */
    static final String LIBC = "c";

    private final KqueueLibrary kqueue;
    private final NetBsdKqueueLibrary netBsd;
    private final KqueueLibC libc;
    private final Runtime kqueueRuntime;
    private final Runtime libcRuntime;
    // The timeout goes as a jnr Pointer (see KqueueLibrary). The backend uses two timeout buffers (the
    // poll thread's and the registrations' zero timeout), so a two-entry cache wraps each once; a
    // race between threads only costs one more wrap.
    private volatile Wrapped first;
    private volatile Wrapped second;

    /** A buffer and the jnr Pointer to it. */
    private record Wrapped(NativeBuffer buffer, Pointer pointer) {
    }

    private JnrKqueueSystem(KqueueLibrary kqueue, NetBsdKqueueLibrary netBsd, KqueueLibC libc) {
        this.kqueue = kqueue;
        this.netBsd = netBsd;
        this.libc = libc;
        this.kqueueRuntime = Runtime.getRuntime(netBsd != null ? netBsd : kqueue);
        this.libcRuntime = Runtime.getRuntime(libc);
    }

    /**
     * Binds the calls for {@code abi}.
     *
     * @throws UnsatisfiedLinkError if a library cannot be loaded
     */
    static JnrKqueueSystem load(KqueueAbi abi) {
        KqueueLibC libc = NativeLibraries.loadLibrary(KqueueLibC.class, LIBC);
        if (abi.netBsdSymbol) {
            return new JnrKqueueSystem(null, NativeLibraries.load(NetBsdKqueueLibrary.class, "kqueue", LIBC), libc);
        }
        return new JnrKqueueSystem(NativeLibraries.load(KqueueLibrary.class, "kqueue", LIBC), null, libc);
    }

    @Override
    public int kqueue() {
        int fd = netBsd != null ? netBsd.kqueue() : kqueue.kqueue();
        return fd < 0 ? -kqueueRuntime.getLastError() : fd;
    }

    @Override
    public int kevent(int kq, NativeBuffer changes, int nchanges, NativeBuffer events, int nevents, NativeBuffer timeout) {
        long c = changes == null ? 0L : changes.address();
        long e = events == null ? 0L : events.address();
        Pointer t = pointerTo(timeout);
        int n = netBsd != null ? netBsd.__kevent50(kq, c, nchanges, e, nevents, t) : kqueue.kevent(kq, c, nchanges, e, nevents, t);
        return n < 0 ? -kqueueRuntime.getLastError() : n;
    }

    /** A jnr Pointer to {@code buf} ({@code null} for NULL), wrapped once per buffer; any thread may call. */
    private Pointer pointerTo(NativeBuffer buf) {
        if (buf == null) {
            return null;
        }
        Wrapped a = first;
        if (a != null && a.buffer == buf && !buf.isClosed()) {
            return a.pointer;
        }
        Wrapped b = second;
        if (b != null && b.buffer == buf && !buf.isClosed()) {
            return b.pointer;
        }
        Wrapped w = new Wrapped(buf, Pointer.wrap(kqueueRuntime, buf.address()));
        second = a;
        first = w;
        return w.pointer;
    }

    @Override
    public int fcntl(int fd, int cmd, int arg) {
        int r = libc.fcntl(fd, cmd, arg);
        return r < 0 ? -libcRuntime.getLastError() : r;
    }

    @Override
    public int pipe(int[] fds) {
        int r = libc.pipe(fds);
        return r < 0 ? -libcRuntime.getLastError() : r;
    }

    @Override
    public int read(int fd, NativeBuffer buf, int length) {
        long r = libc.read(fd, buf.address(), Math.min(length, buf.size()));
        return r < 0 ? -libcRuntime.getLastError() : (int) r;
    }

    @Override
    public int write(int fd, NativeBuffer buf, int length) {
        long r = libc.write(fd, buf.address(), Math.min(length, buf.size()));
        return r < 0 ? -libcRuntime.getLastError() : (int) r;
    }

    @Override
    public int close(int fd) {
        int r = libc.close(fd);
        return r < 0 ? -libcRuntime.getLastError() : r;
    }
}
