package dev.polling.poll.ffm;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.invoke.MethodHandle;

import dev.polling.spi.ffm.CapturedErrno;
import dev.polling.spi.ffm.FfmLibraries;

/**
 * {@code poll}'s downcall handles, {@code static final} so that the JIT treats them as constants:
 * one per width of {@code nfds_t} ({@code unsigned long} on Linux and illumos, {@code unsigned int}
 * on macOS and the BSDs). Each takes the function's address first, then the errno capture segment.
 * Not critical: {@code poll} blocks.
 */
final class PollCalls {
    /** {@code int poll(struct pollfd *fds, nfds_t nfds, int timeout)}, {@code nfds_t} 64-bit. */
    static final MethodHandle POLL_WIDE = FfmLibraries.downcall(
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT), CapturedErrno.OPTION);
    /** {@code int poll(struct pollfd *fds, nfds_t nfds, int timeout)}, {@code nfds_t} 32-bit. */
    static final MethodHandle POLL_NARROW = FfmLibraries.downcall(
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), CapturedErrno.OPTION);

    private PollCalls() {
    }
}
