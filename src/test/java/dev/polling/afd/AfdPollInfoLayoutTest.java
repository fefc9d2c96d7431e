package dev.polling.afd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import dev.polling.spi.NativeBuffer;
import dev.polling.testsupport.HeapBuffer;

/** AFD_POLL_INFO: Timeout@0, NumberOfHandles@8, Exclusive@12, Handles[0] = Handle@16, Events@24, Status@28; 32 bytes. */
class AfdPollInfoLayoutTest {
    @Test
    void shouldFillOneHandleAtTheDocumentedOffsets() {
        try (NativeBuffer info = HeapBuffer.allocate(32)) {
            info.putInt(12, 1);
            info.putInt(28, -1);
            AfdPollInfoLayout.put(info, 0x1234_5678_9ABCL, 0x1A5);
            assertEquals(32, AfdPollInfoLayout.SIZE);
            assertEquals(Long.MAX_VALUE, info.getLong(0), "Timeout: never");
            assertEquals(1, info.getInt(8));
            assertEquals(0, info.getInt(12), "not exclusive");
            assertEquals(0x1234_5678_9ABCL, info.getLong(16));
            assertEquals(0x1A5, info.getInt(24));
            assertEquals(0, info.getInt(28));
        }
    }

    @Test
    void shouldReadWhatTheKernelWritesBack() {
        try (NativeBuffer info = HeapBuffer.allocate(32)) {
            info.putInt(8, 1);
            info.putInt(24, AfdAbi.AFD_POLL_RECEIVE | AfdAbi.AFD_POLL_SEND);
            info.putInt(28, 0xC000020C);
            assertEquals(1, AfdPollInfoLayout.numberOfHandles(info));
            assertEquals(5, AfdPollInfoLayout.events(info));
            assertEquals(0xC000020C, AfdPollInfoLayout.handleStatus(info));
        }
    }
}
