package dev.polling.poll;

import dev.polling.spi.NativeBuffer;
import dev.polling.spi.UnixOs;

/**
 * The call the POLL backend makes besides the shared {@link UnixOs} ones: its seam to the OS,
 * implemented once per binding ({@code poll.jnr.JnrPollOs}, {@code poll.ffm.FfmPollOs}, each with
 * {@code public static PollOs load(PollAbi abi)}, found through {@link dev.polling.spi.Binding})
 * and by a fake kernel in the unit tests. Returns what the C function returns on success and
 * {@code -errno} on failure. Thread-safe.
 */
public interface PollOs extends UnixOs {
    /**
     * {@code poll(fds, nfds, timeoutMillis)}, {@code fds} an array of at least {@code nfds}
     * {@code struct pollfd} ({@link PollFdArray}): the number of entries with non-zero
     * {@code revents}, 0 on timeout. The implementation passes {@code nfds} as wide as this OS's
     * {@code nfds_t} ({@link PollAbi#wideNfds()}).
     */
    int poll(NativeBuffer fds, int nfds, int timeoutMillis);
}
