package dev.polling.kqueue.ffm;

import java.lang.foreign.MemorySegment;

import dev.polling.kqueue.KqueueAbi;
import dev.polling.kqueue.KqueueOs;
import dev.polling.spi.NativeBuffer;
import dev.polling.spi.ffm.CapturedErrno;
import dev.polling.spi.ffm.FfmCalls;
import dev.polling.spi.ffm.FfmLibraries;
import dev.polling.spi.ffm.FfmNativeBuffer;
import dev.polling.spi.ffm.FfmUnixOs;

/**
 * {@link KqueueOs} through {@code java.lang.foreign}: {@code kqueue}/{@code kevent} (NetBSD:
 * {@code __kevent50}) from the C library or from {@code -Dpolling.kqueue.library=NAME}, through
 * {@link KqueueCalls}; the shared calls from {@link FfmUnixOs}. Six arguments pass as they should
 * here: the JNR-FFI binding's workaround for its six-argument bug is not needed. Every buffer is
 * checked to hold the records the kernel reads or writes ({@link IndexOutOfBoundsException}
 * otherwise). Thread-safe; nothing is allocated per call.
 */
public final class FfmKqueueOs extends FfmUnixOs implements KqueueOs {
    /** The backend name in {@code -Dpolling.kqueue.library}. */
    static final String BACKEND_NAME = "kqueue";

    private static final long TIMESPEC_SIZE = 2 * Long.BYTES;

    private final MemorySegment kqueue;
    private final MemorySegment kevent;
    private final boolean netBsd;
    private final long recordSize;

    private FfmKqueueOs(FfmLibraries.Library lib, KqueueAbi abi) {
        this.netBsd = abi.netBsdSymbol();
        this.kqueue = lib.find("kqueue");
        this.kevent = lib.find(netBsd ? "__kevent50" : "kevent");
        this.recordSize = abi.layout().size();
    }

    /**
     * Binds the calls for {@code abi}; what {@link dev.polling.spi.Binding} calls.
     *
     * @throws UnsatisfiedLinkError if the library or one of its functions cannot be found
     */
    public static KqueueOs load(KqueueAbi abi) {
        return new FfmKqueueOs(FfmLibraries.load(BACKEND_NAME, FfmLibraries.LIBC), abi);
    }

    @Override
    public int kqueue() {
        MemorySegment state = CapturedErrno.state();
        try {
            return CapturedErrno.result((int) KqueueCalls.KQUEUE.invokeExact(kqueue, state), state);
        } catch (Throwable t) {
            throw FfmCalls.unexpected("kqueue", t);
        }
    }

    @Override
    public int kevent(int kq, NativeBuffer changes, int nchanges, NativeBuffer events, int nevents, NativeBuffer timeout) {
        MemorySegment c = changes == null ? MemorySegment.NULL : FfmNativeBuffer.segment(changes, nchanges * recordSize);
        MemorySegment e = events == null ? MemorySegment.NULL : FfmNativeBuffer.segment(events, nevents * recordSize);
        MemorySegment t = timeout == null ? MemorySegment.NULL : FfmNativeBuffer.segment(timeout, TIMESPEC_SIZE);
        MemorySegment state = CapturedErrno.state();
        try {
            int r = netBsd
                    ? (int) KqueueCalls.KEVENT_NETBSD.invokeExact(kevent, state, kq, c, (long) nchanges, e, (long) nevents, t)
                    : (int) KqueueCalls.KEVENT.invokeExact(kevent, state, kq, c, nchanges, e, nevents, t);
            return CapturedErrno.result(r, state);
        } catch (Throwable th) {
            throw FfmCalls.unexpected("kevent", th);
        }
    }
}
