package dev.polling.afd;

import com.kenai.jffi.MemoryIO;

import dev.polling.spi.NativeBuffer;

/** Test helper: follows the pointers inside native structs the way the kernel would. */
final class NativeMemory {
    private static final MemoryIO IO = MemoryIO.getInstance();

    private NativeMemory() {
    }

    /** The name an {@code OBJECT_ATTRIBUTES} points to, decoded from its {@code UNICODE_STRING}; checks the lengths. */
    static String objectName(NativeBuffer attributes) {
        if (attributes.getInt(ObjectAttributesLayout.LENGTH) != 48) {
            throw new AssertionError("OBJECT_ATTRIBUTES.Length must be 48");
        }
        long string = attributes.getLong(ObjectAttributesLayout.OBJECT_NAME);
        int length = IO.getShort(string) & 0xFFFF;
        int maximum = IO.getShort(string + 2) & 0xFFFF;
        long chars = IO.getLong(string + 8);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length / 2; i++) {
            sb.append((char) IO.getShort(chars + 2L * i));
        }
        if (maximum != length + 2 || IO.getShort(chars + length) != 0) {
            throw new AssertionError("UNICODE_STRING lengths " + length + "/" + maximum + " or missing NUL");
        }
        return sb.toString();
    }
}
