package dev.polling.poll.jnr;

import jnr.ffi.types.intptr_t;

import dev.polling.spi.jnr.LibC;

/**
 * The JNR-FFI binding of {@code poll(2)}, in the two shapes {@code nfds_t} takes: {@code unsigned
 * long} on Linux and illumos, {@code unsigned int} on macOS and the BSDs. {@link JnrPollOs} loads
 * the one that matches {@link dev.polling.poll.PollAbi#wideNfds()}; both carry the shared calls
 * of {@link LibC}.
 *
 * <p>Public only because JNR-FFI implements it in a class of its own; the package is not exported.
 */
public final class PollLibrary {
    private PollLibrary() {
    }

    /** The binding where {@code nfds_t} is {@code unsigned long} (Linux, illumos, Solaris). */
    public interface WideNfds extends LibC {
        /** {@code int poll(struct pollfd *fds, nfds_t nfds, int timeout)} with a 64-bit {@code nfds_t}. */
        int poll(@intptr_t long fds, long nfds, int timeoutMillis);
    }

    /** The binding where {@code nfds_t} is {@code unsigned int} (macOS, the BSDs, AIX). */
    public interface NarrowNfds extends LibC {
        /** {@code int poll(struct pollfd *fds, nfds_t nfds, int timeout)} with a 32-bit {@code nfds_t}. */
        int poll(@intptr_t long fds, int nfds, int timeoutMillis);
    }
}
