package dev.polling.poll.jnr;

import dev.polling.poll.PollAbi;
import dev.polling.poll.PollOs;
import dev.polling.spi.NativeBuffer;
import dev.polling.spi.jnr.JnrLibraries;
import dev.polling.spi.jnr.JnrUnixOs;

/**
 * {@link PollOs} through JNR-FFI: {@code poll} from the C library (or {@code -Dpolling.poll.library})
 * with the {@code nfds_t} width of the running OS, the rest from {@link JnrUnixOs}.
 */
public final class JnrPollOs extends JnrUnixOs implements PollOs {
    /** The backend name in {@code -Dpolling.poll.library=NAME}. */
    static final String BACKEND_NAME = "poll";

    private final PollLibrary.WideNfds wide;
    private final PollLibrary.NarrowNfds narrow;

    private JnrPollOs(PollLibrary.WideNfds wide, PollLibrary.NarrowNfds narrow) {
        super(wide != null ? wide : narrow);
        this.wide = wide;
        this.narrow = narrow;
    }

    /**
     * Binds the C library (or the override) for {@code abi}; what {@link dev.polling.spi.Binding} calls.
     *
     * @throws UnsatisfiedLinkError if the library or JNR's native stub cannot load
     */
    public static PollOs load(PollAbi abi) {
        return abi.wideNfds()
                ? new JnrPollOs(JnrLibraries.load(PollLibrary.WideNfds.class, BACKEND_NAME, JnrLibraries.LIBC), null)
                : new JnrPollOs(null, JnrLibraries.load(PollLibrary.NarrowNfds.class, BACKEND_NAME, JnrLibraries.LIBC));
    }

    @Override
    public int poll(NativeBuffer fds, int nfds, int timeoutMillis) {
        long address = fds.address();
        return result(wide != null ? wide.poll(address, nfds, timeoutMillis) : narrow.poll(address, nfds, timeoutMillis));
    }
}
