package dev.polling.ports;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import dev.polling.spi.NativeBuffer;
import dev.polling.testsupport.HeapBuffer;

/** port_event_t: events@0 int, source@4 ushort, pad@6, object@8 uintptr, user@16 ptr; 24 bytes */
class PortEventLayoutTest {
    @Test
    void shouldReadEveryFieldAtTheDocumentedOffsetWithStride24() {
        try (NativeBuffer buf = HeapBuffer.allocate(2 * 24)) {
            buf.putInt(24, 0x11);
            buf.putShort(24 + 4, (short) 4);
            buf.putLong(24 + 8, 42);
            buf.putLong(24 + 16, -1L);
            assertEquals(24, PortEventLayout.SIZE);
            assertEquals(0x11, PortEventLayout.events(buf, 1));
            assertEquals(4, PortEventLayout.source(buf, 1));
            assertEquals(42, PortEventLayout.object(buf, 1));
            assertEquals(-1L, PortEventLayout.user(buf, 1));
        }
    }

    @Test
    void shouldReadTheSourceUnsigned() {
        try (NativeBuffer buf = HeapBuffer.allocate(24)) {
            buf.putShort(4, (short) 0xFFFF);
            assertEquals(0xFFFF, PortEventLayout.source(buf, 0));
        }
    }

    @Test
    void shouldWriteRecordsTheWayTheReadersReadThem() {
        try (NativeBuffer buf = HeapBuffer.allocate(2 * 24)) {
            buf.putShort(24 + 6, (short) -1);
            PortEventLayout.put(buf, 1, 4, 3, 7, 9);
            assertEquals(4, buf.getInt(24));
            assertEquals((short) 3, buf.getShort(24 + 4));
            assertEquals((short) 0, buf.getShort(24 + 6), "pad zeroed");
            assertEquals(7L, buf.getLong(24 + 8));
            assertEquals(9L, buf.getLong(24 + 16));
            PortEventLayout.putSource(buf, 1, 0);
            assertEquals(0, PortEventLayout.source(buf, 1));
        }
    }
}
