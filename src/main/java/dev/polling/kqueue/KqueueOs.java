package dev.polling.kqueue;

import dev.polling.spi.NativeBuffer;
import dev.polling.spi.UnixOs;

/**
 * The calls the KQUEUE backend makes besides the shared {@link UnixOs} ones: its seam to the OS,
 * implemented once per binding ({@code kqueue.jnr.JnrKqueueOs}, {@code kqueue.ffm.FfmKqueueOs},
 * each with {@code public static KqueueOs load(KqueueAbi abi)}, found through
 * {@link dev.polling.spi.Binding}) and by a fake kernel in the unit tests.
 *
 * <p>Every call returns its C result when that is not negative, and {@code -errno} when the C
 * call failed. {@code kqueue}/{@code kevent} come from the C library, or from the library named by
 * {@code -Dpolling.kqueue.library} (a kqueue emulation may stand in); on NetBSD {@code kevent} is
 * bound as {@code __kevent50} with {@code size_t} counts ({@link KqueueAbi#netBsdSymbol()}).
 * Thread-safe.
 */
public interface KqueueOs extends UnixOs {
    /** {@code kqueue()}: a new kqueue descriptor. */
    int kqueue();

    /**
     * {@code kevent(kq, changes, nchanges, events, nevents, timeout)}, the records laid out as
     * {@link KqueueAbi#layout()} says; a {@code null} buffer is passed as NULL (a NULL timeout waits
     * without limit, a {@code struct timespec} otherwise).
     */
    int kevent(int kq, NativeBuffer changes, int nchanges, NativeBuffer events, int nevents, NativeBuffer timeout);
}
