package dev.polling.afd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import dev.polling.spi.NativeBuffer;
import dev.polling.testsupport.HeapBuffer;

/** OVERLAPPED_ENTRY: key@0, lpOverlapped@8, Internal@16, bytes@24 (+4 padding); 32 bytes. */
class OverlappedEntryLayoutTest {
    @Test
    void shouldReadEntriesWithStride32() {
        try (NativeBuffer entries = HeapBuffer.allocate(2 * 32)) {
            entries.putLong(32, 1L);
            entries.putLong(32 + 8, 0x7FFF_0000_1234L);
            entries.putInt(32 + 24, 77);
            assertEquals(32, OverlappedEntryLayout.SIZE);
            assertEquals(1L, OverlappedEntryLayout.completionKey(entries, 1));
            assertEquals(0x7FFF_0000_1234L, OverlappedEntryLayout.overlapped(entries, 1));
            assertEquals(77, OverlappedEntryLayout.bytesTransferred(entries, 1));
            assertEquals(0L, OverlappedEntryLayout.completionKey(entries, 0));
        }
    }

    @Test
    void shouldWriteWhereItReads() {
        try (NativeBuffer entries = HeapBuffer.allocate(32)) {
            OverlappedEntryLayout.put(entries, 0, 2, 9, 3, 4);
            assertEquals(2L, entries.getLong(0));
            assertEquals(9L, entries.getLong(8));
            assertEquals(3L, entries.getLong(16));
            assertEquals(4, entries.getInt(24));
        }
    }
}
