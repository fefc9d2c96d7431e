package dev.polling.kqueue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import dev.polling.spi.NativeBuffer;

/** The 32-byte kevent: ident@0 u64, filter@8 i16, flags@10 u16, fflags@12 u32, data@16, udata@24 (native-apis §3.2). */
class Kevent32LayoutTest {
    private final KeventLayout layout = Kevent32Layout.INSTANCE;

    @Test
    void shouldWriteEveryFieldAtTheDocumentedOffset() {
        try (NativeBuffer buf = NativeBuffer.allocate(2 * 32)) {
            buf.clear(0, 64);
            layout.put(buf, 1, 0x1122334455667788L, -11, 0x8041, 0x01000000, -5L, 0x0102030405060708L);
            assertEquals(32, layout.size());
            assertEquals(0x1122334455667788L, buf.getLong(32));
            assertEquals((short) -11, buf.getShort(32 + 8));
            assertEquals((short) 0x8041, buf.getShort(32 + 10));
            assertEquals(0x01000000, buf.getInt(32 + 12));
            assertEquals(-5L, buf.getLong(32 + 16));
            assertEquals(0x0102030405060708L, buf.getLong(32 + 24));
            assertEquals(0L, buf.getLong(0), "record 0 untouched");
        }
    }

    @Test
    void shouldReadFilterSignedAndFlagsUnsigned() {
        try (NativeBuffer buf = NativeBuffer.allocate(32)) {
            buf.putShort(8, (short) -2);
            buf.putShort(10, (short) 0xC000); // EV_ERROR | EV_EOF: the high bit must not sign-extend
            buf.putLong(0, 7);
            buf.putInt(12, 3);
            buf.putLong(16, 9);
            buf.putLong(24, 42);
            assertEquals(-2, layout.filter(buf, 0));
            assertEquals(0xC000, layout.flags(buf, 0));
            assertEquals(7, layout.ident(buf, 0));
            assertEquals(3, layout.fflags(buf, 0));
            assertEquals(9, layout.data(buf, 0));
            assertEquals(42, layout.udata(buf, 0));
        }
    }
}
