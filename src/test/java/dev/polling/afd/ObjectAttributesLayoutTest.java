package dev.polling.afd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import dev.polling.spi.NativeBuffer;
import dev.polling.testsupport.HeapBuffer;

/** OBJECT_ATTRIBUTES: Length@0 (=48), RootDirectory@8, ObjectName@16, Attributes@24, SD@32, SQOS@40. */
class ObjectAttributesLayoutTest {
    @Test
    void shouldNameTheObjectAndLeaveTheRestEmpty() {
        try (NativeBuffer attributes = HeapBuffer.allocate(48); NativeBuffer name = HeapBuffer.allocate(16)) {
            for (int off = 0; off < 48; off += 8) {
                attributes.putLong(off, -1L);
            }
            ObjectAttributesLayout.put(attributes, name);
            assertEquals(48, ObjectAttributesLayout.SIZE);
            assertEquals(48, attributes.getInt(0));
            assertEquals(0, attributes.getInt(4));
            assertEquals(0L, attributes.getLong(8));
            assertEquals(name.address(), attributes.getLong(16));
            assertEquals(0L, attributes.getLong(24));
            assertEquals(0L, attributes.getLong(32));
            assertEquals(0L, attributes.getLong(40));
        }
    }
}
