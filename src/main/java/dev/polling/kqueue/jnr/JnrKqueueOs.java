package dev.polling.kqueue.jnr;

import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

import dev.polling.kqueue.KqueueAbi;
import dev.polling.kqueue.KqueueOs;
import dev.polling.spi.NativeBuffer;
import dev.polling.spi.jnr.JnrLibraries;
import dev.polling.spi.jnr.JnrUnixOs;

/**
 * {@link KqueueOs} through JNR-FFI: {@code kqueue}/{@code kevent} from the C library (or the
 * library named by {@code -Dpolling.kqueue.library}, whose dependencies supply the POSIX calls of
 * {@link JnrUnixOs}: a stand-in defines only the kqueue functions). Symbols
 * resolve on first call: a missing {@code kqueue()} shows as {@link UnsatisfiedLinkError} from
 * {@link #kqueue()}.
 */
public final class JnrKqueueOs extends JnrUnixOs implements KqueueOs {
    /** The backend name in {@code -Dpolling.kqueue.library}. */
    static final String BACKEND_NAME = "kqueue";

    private final KqueueLibrary kqueue;
    private final NetBsdKqueueLibrary netBsd;
    private final Runtime runtime;
    // The timeout goes as a jnr Pointer (see KqueueLibrary). The backend uses two timeout buffers (the
    // poll thread's and the registrations' zero timeout), so a two-entry cache wraps each once; a
    // race between threads only costs one more wrap.
    private volatile Wrapped first;
    private volatile Wrapped second;

    /** A buffer and the jnr Pointer to it. */
    private record Wrapped(NativeBuffer buffer, Pointer pointer) {
    }

    private JnrKqueueOs(KqueueLibrary kqueue, NetBsdKqueueLibrary netBsd) {
        super(netBsd != null ? netBsd : kqueue);
        this.kqueue = kqueue;
        this.netBsd = netBsd;
        this.runtime = Runtime.getRuntime(netBsd != null ? netBsd : kqueue);
    }

    /**
     * Binds the calls for {@code abi}; what {@link dev.polling.spi.Binding} calls.
     *
     * @throws UnsatisfiedLinkError if a library cannot be loaded
     */
    public static KqueueOs load(KqueueAbi abi) {
        if (abi.netBsdSymbol()) {
            return new JnrKqueueOs(null, JnrLibraries.load(NetBsdKqueueLibrary.class, BACKEND_NAME, JnrLibraries.LIBC));
        }
        return new JnrKqueueOs(JnrLibraries.load(KqueueLibrary.class, BACKEND_NAME, JnrLibraries.LIBC), null);
    }

    @Override
    public int kqueue() {
        return result(netBsd != null ? netBsd.kqueue() : kqueue.kqueue());
    }

    @Override
    public int kevent(int kq, NativeBuffer changes, int nchanges, NativeBuffer events, int nevents, NativeBuffer timeout) {
        long c = changes == null ? 0L : changes.address();
        long e = events == null ? 0L : events.address();
        Pointer t = pointerTo(timeout);
        return result(netBsd != null ? netBsd.__kevent50(kq, c, nchanges, e, nevents, t) : kqueue.kevent(kq, c, nchanges, e, nevents, t));
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
        Wrapped w = new Wrapped(buf, Pointer.wrap(runtime, buf.address()));
        second = a;
        first = w;
        return w.pointer;
    }
}
