package dev.polling.poll;

import java.io.IOException;

/** Turns a failed system call into an {@link IOException} that names the call and the errno. */
final class OsErrors {
    private OsErrors() {
    }

    /** E.g. {@code "poll(nfds 3, timeout 100 ms): EINVAL (Invalid argument)"}. */
    static IOException failed(String call, int errno, PollAbi abi, PollSyscalls sys) {
        return new IOException(call + ": " + abi.errnoName(errno) + " (" + sys.strerror(errno) + ")");
    }
}
