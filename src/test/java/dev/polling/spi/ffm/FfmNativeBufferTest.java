package dev.polling.spi.ffm;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Nested;

import dev.polling.detection.BindingDetector;
import dev.polling.iouring.IoUringOs;
import dev.polling.spi.Binding;
import dev.polling.spi.NativeBuffer;
import dev.polling.spi.Platform;
import dev.polling.testsupport.NativeBufferContract;
import dev.polling.testsupport.NativeBufferViewContract;

/**
 * The native-buffer contract on {@code java.lang.foreign}'s memory segments, for allocated buffers
 * and for views, reached through the FFM binding's io_uring OS interface (the buffer class itself
 * is in the JDK 22+ part of the jar, and that interface is the one that makes views); skipped on
 * a JDK that cannot use that binding, or off Linux, saying why.
 */
class FfmNativeBufferTest extends NativeBufferContract {
    private static final String SKIP = BindingDetector.unusableReason(Binding.FFM) != null
            ? BindingDetector.unusableReason(Binding.FFM)
            : Platform.current().os() != Platform.Os.LINUX ? "the OS interface used to allocate is Linux's io_uring" : null;
    private static final IoUringOs OS = SKIP == null ? Binding.FFM.load(IoUringOs.class) : null;

    /** The binding's OS interface, or the test is skipped saying why. */
    private static IoUringOs os() {
        assumeTrue(SKIP == null, SKIP);
        return OS;
    }

    @Override
    protected NativeBuffer allocate(long size) {
        return os().allocate(size);
    }

    /** {@code FfmNativeBuffer.view} (through {@link IoUringOs#memory}) over memory another FFM buffer owns. */
    @Nested
    class Views extends NativeBufferViewContract {
        @Override
        protected NativeBuffer allocateOwner(long size) {
            return os().allocate(size);
        }

        @Override
        protected NativeBuffer view(long address, long size) {
            return os().memory(address, size);
        }
    }
}
