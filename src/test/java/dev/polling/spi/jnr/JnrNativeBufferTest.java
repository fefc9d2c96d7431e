package dev.polling.spi.jnr;

import org.junit.jupiter.api.Nested;

import dev.polling.spi.NativeBuffer;
import dev.polling.testsupport.NativeBufferContract;
import dev.polling.testsupport.NativeBufferViewContract;

/** The native-buffer contract on jffi's MemoryIO, for allocated buffers and for views. */
class JnrNativeBufferTest extends NativeBufferContract {
    @Override
    protected NativeBuffer allocate(long size) {
        return JnrNativeBuffer.allocate(size);
    }

    /** {@link JnrNativeBuffer#view} over memory another JNR buffer owns. */
    @Nested
    class Views extends NativeBufferViewContract {
        @Override
        protected NativeBuffer allocateOwner(long size) {
            return JnrNativeBuffer.allocate(size);
        }

        @Override
        protected NativeBuffer view(long address, long size) {
            return JnrNativeBuffer.view(address, size);
        }
    }
}
