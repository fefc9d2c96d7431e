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

    private final FfmLibraries.Library lib;
    /** {@link MemorySegment#NULL} where the library lacks it: the call then fails ({@link FfmLibraries#require}). */
    private final MemorySegment kqueue;
    private final MemorySegment kevent;
    private final String keventName;
    private final boolean netBsd;
    private final long recordSize;

    private FfmKqueueOs(FfmLibraries.Library lib, KqueueAbi abi) {
        this.lib = lib;
        this.netBsd = abi.netBsdSymbol();
        this.keventName = netBsd ? "__kevent50" : "kevent";
        this.kqueue = lib.findOptional("kqueue");
        this.kevent = lib.findOptional(keventName);
        this.recordSize = abi.layout().size();
    }

    /**
     * Binds the calls for {@code abi}; what {@link dev.polling.spi.Binding} calls.
     *
     * @throws UnsatisfiedLinkError if the library cannot be opened (a missing function fails when called)
     */
    public static KqueueOs load(KqueueAbi abi) {
        return new FfmKqueueOs(FfmLibraries.load(BACKEND_NAME, FfmLibraries.LIBC), abi);
    }

    @Override
    public int kqueue() {
        MemorySegment state = CapturedErrno.state();
        MemorySegment function = FfmLibraries.require(kqueue, "kqueue", lib);
        try {
            return CapturedErrno.result((int) KqueueCalls.KQUEUE.invokeExact(function, state), state);
        } catch (Throwable t) {
            throw FfmCalls.unexpected("kqueue", t);
        }
    }

    @Override
    public int kevent(int kq, NativeBuffer changes, int nchanges, NativeBuffer events, int nevents, NativeBuffer timeout) {
        MemorySegment c = changes == null ? MemorySegment.NULL : FfmNativeBuffer.segment(changes, nchanges * recordSize);
        MemorySegment e = events == null ? MemorySegment.NULL : FfmNativeBuffer.segment(events, nevents * recordSize);
        MemorySegment t = timeout == null ? MemorySegment.NULL : FfmNativeBuffer.segment(timeout, TIMESPEC_SIZE);
        MemorySegment function = FfmLibraries.require(kevent, keventName, lib);
        MemorySegment state = CapturedErrno.state();
        try {
            int r = netBsd
                    ? (int) KqueueCalls.KEVENT_NETBSD.invokeExact(function, state, kq, c, (long) nchanges, e, (long) nevents, t)
                    : (int) KqueueCalls.KEVENT.invokeExact(function, state, kq, c, nchanges, e, nevents, t);
            return CapturedErrno.result(r, state);
        } catch (Throwable th) {
            throw FfmCalls.unexpected("kevent", th);
        }
    }
}
