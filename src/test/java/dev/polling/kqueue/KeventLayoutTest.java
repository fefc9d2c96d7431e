package dev.polling.kqueue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.polling.spi.NativeBuffer;
import dev.polling.testsupport.HeapBuffer;

/** Each {@code struct kevent} variant at its offsets (docs/NATIVE.md), one nested class per variant. */
class KeventLayoutTest {
    /** The 32-byte kevent: ident@0 u64, filter@8 i16, flags@10 u16, fflags@12 u32, data@16, udata@24 */
    @Nested
    class Bsd32 {
        private final KeventLayout layout = KeventLayout.BSD_32;

        @Test
        void shouldWriteEveryFieldAtTheDocumentedOffset() {
            try (NativeBuffer buf = HeapBuffer.allocate(2 * 32)) {
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
            try (NativeBuffer buf = HeapBuffer.allocate(32)) {
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

    /** FreeBSD 12+'s 64-byte kevent: the 32-byte fields, then ext[4] at 32..63 zeroed on input */
    @Nested
    class FreeBsd64 {
        private final KeventLayout layout = KeventLayout.FREEBSD_64;

        @Test
        void shouldWriteEveryFieldAtTheDocumentedOffsetWithStride64() {
            try (NativeBuffer buf = HeapBuffer.allocate(2 * 64)) {
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
            try (NativeBuffer buf = HeapBuffer.allocate(64)) {
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

    /** NetBSD __kevent50: ident@0, filter@8 u32, flags@12 u32, fflags@16 u32, pad@20, data@24, udata@32; 40 bytes */
    @Nested
    class NetBsd40 {
        private final KeventLayout layout = KeventLayout.NETBSD_40;

        @Test
        void shouldWriteEveryFieldAtTheDocumentedOffsetWithStride40() {
            try (NativeBuffer buf = HeapBuffer.allocate(2 * 40)) {
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
            try (NativeBuffer buf = HeapBuffer.allocate(40)) {
                buf.putInt(8, 1);          // EVFILT_WRITE on NetBSD
                buf.putInt(12, 0x8000);    // EV_EOF in a 32-bit flags word
                buf.putLong(24, 22);
                assertEquals(1, layout.filter(buf, 0));
                assertEquals(0x8000, layout.flags(buf, 0));
                assertEquals(22L, layout.data(buf, 0));
            }
        }
    }
}
