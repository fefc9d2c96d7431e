package dev.polling.kqueue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import dev.polling.spi.NativeBuffer;

/** FreeBSD 12+'s 64-byte kevent: the 32-byte fields, then ext[4] at 32..63 zeroed on input (native-apis §3.2). */
class Kevent64LayoutTest {
    private final KeventLayout layout = Kevent64Layout.INSTANCE;

    @Test
    void shouldWriteEveryFieldAtTheDocumentedOffsetWithStride64() {
        try (NativeBuffer buf = NativeBuffer.allocate(2 * 64)) {
            layout.put(buf, 1, 9, -1, 0x11, 0, 0, 77);
            assertEquals(64, layout.size());
            assertEquals(9L, buf.getLong(64));
            assertEquals((short) -1, buf.getShort(64 + 8));
            assertEquals((short) 0x11, buf.getShort(64 + 10));
            assertEquals(0, buf.getInt(64 + 12));
            assertEquals(0L, buf.getLong(64 + 16));
            assertEquals(77L, buf.getLong(64 + 24));
            assertEquals(-1, layout.filter(buf, 1));
            assertEquals(77L, layout.udata(buf, 1));
        }
    }

    @Test
    void shouldZeroTheExtWordsWhenFillingARecord() {
        try (NativeBuffer buf = NativeBuffer.allocate(64)) {
            for (int off = 32; off < 64; off += 8) {
                buf.putLong(off, -1L); // garbage a previous event left there
            }
            layout.put(buf, 0, 3, -2, 1, 0, 0, 5);
            for (int off = 32; off < 64; off += 8) {
                assertEquals(0L, buf.getLong(off), "ext byte offset " + off);
            }
        }
    }
}
