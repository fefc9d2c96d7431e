package dev.polling.afd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import dev.polling.spi.NativeBuffer;
import dev.polling.testsupport.HeapBuffer;

/** IO_STATUS_BLOCK: Status@0 (NTSTATUS in an 8-byte union), Information@8; 16 bytes (LLP64). */
class IoStatusBlockLayoutTest {
    @Test
    void shouldKeepStatusAtZeroAndInformationAtEight() {
        try (NativeBuffer iosb = HeapBuffer.allocate(16)) {
            iosb.putLong(0, -1L);
            iosb.putLong(8, -1L);
            IoStatusBlockLayout.reset(iosb, AfdAbi.STATUS_PENDING);
            assertEquals(16, IoStatusBlockLayout.SIZE);
            assertEquals(0x103, iosb.getInt(0));
            assertEquals(0, iosb.getInt(4), "the union's upper half is cleared");
            assertEquals(0L, iosb.getLong(8));
            IoStatusBlockLayout.setStatus(iosb, AfdAbi.STATUS_CANCELLED);
            assertEquals(0xC0000120, IoStatusBlockLayout.status(iosb));
            iosb.putLong(8, 48);
            assertEquals(48L, IoStatusBlockLayout.information(iosb));
        }
    }
}
