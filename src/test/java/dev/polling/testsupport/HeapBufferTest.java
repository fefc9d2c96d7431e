package dev.polling.testsupport;

import dev.polling.spi.NativeBuffer;

/** The fake kernels' buffer keeps the same contract as the native ones. */
class HeapBufferTest extends NativeBufferContract {
    @Override
    protected NativeBuffer allocate(long size) {
        return HeapBuffer.allocate(size);
    }
}
