package dev.polling.spi.ffm;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.polling.detection.BindingDetector;
import dev.polling.epoll.EpollOs;
import dev.polling.spi.Binding;
import dev.polling.spi.NativeBuffer;
import dev.polling.spi.NativeOs;
import dev.polling.spi.Platform;
import dev.polling.testsupport.NativeBufferContract;

/**
 * The native-buffer contract on {@code java.lang.foreign}'s memory segments, allocated through the
 * FFM binding's OS interface (the buffer class itself is in the JDK 22+ part of the jar); skipped
 * on a JDK that cannot use that binding, saying why.
 */
class FfmNativeBufferTest extends NativeBufferContract {
    private static final String SKIP = BindingDetector.unusableReason(Binding.FFM) != null
            ? BindingDetector.unusableReason(Binding.FFM)
            : Platform.current().os() != Platform.Os.LINUX ? "the OS interface used to allocate is Linux's epoll" : null;
    private static final NativeOs OS = SKIP == null ? Binding.FFM.load(EpollOs.class) : null;

    @Override
    protected NativeBuffer allocate(long size) {
        assumeTrue(SKIP == null, SKIP);
        return OS.allocate(size);
    }
}
