package dev.polling.poll.ffm;

import java.lang.foreign.MemorySegment;

import dev.polling.poll.PollAbi;
import dev.polling.poll.PollOs;
import dev.polling.spi.NativeBuffer;
import dev.polling.spi.ffm.CapturedErrno;
import dev.polling.spi.ffm.FfmCalls;
import dev.polling.spi.ffm.FfmLibraries;
import dev.polling.spi.ffm.FfmNativeBuffer;
import dev.polling.spi.ffm.FfmUnixOs;

/**
 * {@link PollOs} through {@code java.lang.foreign}: {@code poll} from the C library (or
 * {@code -Dpolling.poll.library=NAME}) with the {@code nfds_t} width of the running OS, through
 * {@link PollCalls}; the shared calls from {@link FfmUnixOs}. The array is checked to hold
 * {@code nfds} entries ({@link IndexOutOfBoundsException} otherwise). Thread-safe; nothing is
 * allocated per call.
 */
public final class FfmPollOs extends FfmUnixOs implements PollOs {
    /** The backend name in {@code -Dpolling.poll.library=NAME}. */
    static final String BACKEND_NAME = "poll";

    /** {@code struct pollfd {int fd; short events; short revents;}}: 8 bytes on every OS. */
    private static final long POLLFD_SIZE = 8;

    private final MemorySegment poll;
    private final boolean wideNfds;

    private FfmPollOs(FfmLibraries.Library lib, boolean wideNfds) {
        this.poll = lib.find("poll");
        this.wideNfds = wideNfds;
    }

    /**
     * Binds the C library (or the override) for {@code abi}; what {@link dev.polling.spi.Binding} calls.
     *
     * @throws UnsatisfiedLinkError if the library or its {@code poll} cannot be found
     */
    public static PollOs load(PollAbi abi) {
        return new FfmPollOs(FfmLibraries.load(BACKEND_NAME, FfmLibraries.LIBC), abi.wideNfds());
    }

    @Override
    public int poll(NativeBuffer fds, int nfds, int timeoutMillis) {
        MemorySegment f = FfmNativeBuffer.segment(fds, (long) nfds * POLLFD_SIZE);
        MemorySegment state = CapturedErrno.state();
        try {
            int r = wideNfds
                    ? (int) PollCalls.POLL_WIDE.invokeExact(poll, state, f, (long) nfds, timeoutMillis)
                    : (int) PollCalls.POLL_NARROW.invokeExact(poll, state, f, nfds, timeoutMillis);
            return CapturedErrno.result(r, state);
        } catch (Throwable t) {
            throw FfmCalls.unexpected("poll", t);
        }
    }
}
