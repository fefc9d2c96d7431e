package dev.polling.spi.jnr;

import dev.polling.spi.NativeBuffer;
import dev.polling.testsupport.NativeBufferContract;

/** The native-buffer contract on jffi's MemoryIO. */
class JnrNativeBufferTest extends NativeBufferContract {
    @Override
    protected NativeBuffer allocate(long size) {
        return JnrNativeBuffer.allocate(size);
    }
}
