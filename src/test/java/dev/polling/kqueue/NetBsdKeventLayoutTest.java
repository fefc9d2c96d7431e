package dev.polling.kqueue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import dev.polling.spi.NativeBuffer;

/** NetBSD __kevent50: ident@0, filter@8 u32, flags@12 u32, fflags@16 u32, pad@20, data@24, udata@32; 40 bytes (native-apis §3.2). */
class NetBsdKeventLayoutTest {
    private final KeventLayout layout = NetBsdKeventLayout.INSTANCE;

    @Test
    void shouldWriteEveryFieldAtTheDocumentedOffsetWithStride40() {
        try (NativeBuffer buf = NativeBuffer.allocate(2 * 40)) {
            buf.putInt(40 + 20, -1); // padding garbage
            layout.put(buf, 1, 12, 8, 0x8041, 0x01000000, 33, 0x7FFF_0000_0000_0001L);
            assertEquals(40, layout.size());
            assertEquals(12L, buf.getLong(40));
            assertEquals(8, buf.getInt(40 + 8));
            assertEquals(0x8041, buf.getInt(40 + 12));
            assertEquals(0x01000000, buf.getInt(40 + 16));
            assertEquals(0, buf.getInt(40 + 20), "padding zeroed");
            assertEquals(33L, buf.getLong(40 + 24));
            assertEquals(0x7FFF_0000_0000_0001L, buf.getLong(40 + 32));
        }
    }

    @Test
    void shouldReadUnsigned32BitFilterAndFlags() {
        try (NativeBuffer buf = NativeBuffer.allocate(40)) {
            buf.putInt(8, 1);          // EVFILT_WRITE on NetBSD
            buf.putInt(12, 0x8000);    // EV_EOF in a 32-bit flags word
            buf.putLong(24, 22);
            assertEquals(1, layout.filter(buf, 0));
            assertEquals(0x8000, layout.flags(buf, 0));
            assertEquals(22L, layout.data(buf, 0));
        }
    }
}
