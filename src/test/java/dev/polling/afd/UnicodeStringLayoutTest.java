package dev.polling.afd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import dev.polling.spi.NativeBuffer;
import dev.polling.testsupport.HeapBuffer;

/** UNICODE_STRING: Length@0 u16 (bytes, no NUL), MaximumLength@2, Buffer@8; 16 bytes (LLP64). */
class UnicodeStringLayoutTest {
    @Test
    void shouldDescribeTheUtf16NameInBytesWithoutTheNul() {
        String name = "\\Device\\Afd\\X";
        try (NativeBuffer string = HeapBuffer.allocate(16); NativeBuffer chars = HeapBuffer.allocate(2L * name.length() + 2)) {
            UnicodeStringLayout.put(string, chars, name);
            assertEquals(16, UnicodeStringLayout.SIZE);
            assertEquals(26, string.getShort(0), "13 characters: Length 26 as the design notes give it");
            assertEquals(28, string.getShort(2));
            assertEquals(chars.address(), string.getLong(8));
            assertEquals('\\', chars.getShort(0));
            assertEquals('D', chars.getShort(2));
            assertEquals('X', chars.getShort(24));
            assertEquals(0, chars.getShort(26), "NUL-terminated");
        }
    }
}
