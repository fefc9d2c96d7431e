package dev.polling.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.polling.spi.Binding;
import dev.polling.detection.BindingDetector;
import dev.polling.spi.Errno;
import dev.polling.spi.NativeBuffer;
import dev.polling.spi.Platform;

/**
 * Each binding's {@link PollOs} against the real OS: that it passes {@code struct pollfd} as the
 * kernel lays it out ({@link PollFdArray}) with this OS's {@code nfds_t}, fills a pipe's two
 * descriptors, and returns {@code -errno} on failure.
 */
class PollOsBindingTest {
    private static final int O_NONBLOCK_LINUX = 0x800;
    private static final int F_GETFL = 3;

    private static PollOs os(Binding binding) {
        assumeTrue(Platform.current().os() == Platform.Os.LINUX, "the flags below are Linux's");
        String reason = BindingDetector.unusableReason(binding);
        assumeTrue(reason == null, reason);
        return binding.load(PollOs.class, PollAbi.class, PollAbi.LINUX);
    }

    @ParameterizedTest
    @EnumSource(Binding.class)
    void shouldPassPollfdAsTheKernelLaysItOut(Binding binding) {
        PollOs os = os(binding);
        try (NativeBuffer fds = os.allocate(8); NativeBuffer pollfds = os.allocate(2L * PollFdArray.SIZE);
                NativeBuffer one = os.allocate(1)) {
            assertEquals(0, os.pipe2(fds, O_NONBLOCK_LINUX));
            int readEnd = fds.getInt(0);
            int writeEnd = fds.getInt(4);
            try {
                assertEquals(O_NONBLOCK_LINUX, os.fcntl(readEnd, F_GETFL, 0) & O_NONBLOCK_LINUX);
                // entry 0 watches the read end (not ready); entry 1 the write end (ready)
                pollfds.putInt(PollFdArray.FD, readEnd);
                pollfds.putShort(PollFdArray.EVENTS, PollAbi.LINUX.pollIn);
                pollfds.putInt(PollFdArray.SIZE + PollFdArray.FD, writeEnd);
                pollfds.putShort(PollFdArray.SIZE + PollFdArray.EVENTS, PollAbi.LINUX.pollOut);
                assertEquals(1, os.poll(pollfds, 2, 5_000));
                assertEquals(0, pollfds.getShort(PollFdArray.REVENTS));
                assertEquals(PollAbi.LINUX.pollOut, pollfds.getShort(PollFdArray.SIZE + PollFdArray.REVENTS));

                one.putByte(0, (byte) 42);
                assertEquals(1, os.write(writeEnd, one, 1));
                assertEquals(1, os.poll(pollfds, 1, 5_000));
                assertEquals(PollAbi.LINUX.pollIn, pollfds.getShort(PollFdArray.REVENTS));
                one.putByte(0, (byte) 0);
                assertEquals(1, os.read(readEnd, one, 1));
                assertEquals(42, one.getByte(0));
                assertEquals(-Errno.EAGAIN, os.read(readEnd, one, 1));
            } finally {
                os.close(readEnd);
                os.close(writeEnd);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Binding.class)
    void shouldFillAPipeWithoutFlags(Binding binding) {
        PollOs os = os(binding);
        try (NativeBuffer fds = os.allocate(8)) {
            assertEquals(0, os.pipe(fds));
            int readEnd = fds.getInt(0);
            int writeEnd = fds.getInt(4);
            assertTrue(readEnd >= 0 && writeEnd >= 0 && readEnd != writeEnd, readEnd + ", " + writeEnd);
            assertEquals(0, os.fcntl(readEnd, F_GETFL, 0) & O_NONBLOCK_LINUX);
            assertEquals(0, os.close(readEnd));
            assertEquals(0, os.close(writeEnd));
        }
    }

    @ParameterizedTest
    @EnumSource(Binding.class)
    void shouldReturnMinusErrnoOnFailure(Binding binding) {
        PollOs os = os(binding);
        try (NativeBuffer fds = os.allocate(8)) {
            assertEquals(-Errno.EINVAL, os.pipe2(fds, -1), "unknown pipe2 flags");
            assertEquals(-Errno.EBADF, os.close(-1));
        }
    }

    @ParameterizedTest
    @EnumSource(value = Binding.class, names = "FFM")
    void shouldRefuseAnArrayShorterThanNfds(Binding binding) {
        PollOs os = os(binding);
        try (NativeBuffer pollfds = os.allocate(PollFdArray.SIZE)) {
            assertThrows(IndexOutOfBoundsException.class, () -> os.poll(pollfds, 2, 0));
        }
    }
}
