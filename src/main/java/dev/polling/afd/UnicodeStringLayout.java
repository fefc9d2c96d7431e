package dev.polling.afd;

import dev.polling.spi.NativeBuffer;

/**
 * {@code UNICODE_STRING} (LLP64): lengths in bytes, {@code Length} without the terminating NUL.
 * <pre>
 * typedef struct _UNICODE_STRING {
 *     USHORT Length;         // @0
 *     USHORT MaximumLength;  // @2
 *     PWSTR  Buffer;         // @8
 * } UNICODE_STRING;          // 16 bytes
 * </pre>
 */
final class UnicodeStringLayout {
    static final int SIZE = 16;
    static final int LENGTH = 0;
    static final int MAXIMUM_LENGTH = 2;
    static final int BUFFER = 8;

    private UnicodeStringLayout() {
    }

    /**
     * Writes {@code text} as UTF-16LE with a NUL into {@code chars}, and a {@code UNICODE_STRING}
     * describing it into {@code string}: Length = 2 × characters, MaximumLength = Length + 2
     * (wepoll's {@code RTL_CONSTANT_STRING}).
     */
    static void put(NativeBuffer string, NativeBuffer chars, String text) {
        for (int i = 0; i < text.length(); i++) {
            chars.putShort(2L * i, (short) text.charAt(i));
        }
        chars.putShort(2L * text.length(), (short) 0);
        string.putShort(LENGTH, (short) (2 * text.length()));
        string.putShort(MAXIMUM_LENGTH, (short) (2 * text.length() + 2));
        string.putInt(4, 0);
        string.putLong(BUFFER, chars.address());
    }
}
