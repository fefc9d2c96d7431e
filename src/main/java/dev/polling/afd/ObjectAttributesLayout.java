package dev.polling.afd;

import dev.polling.spi.NativeBuffer;

/**
 * {@code OBJECT_ATTRIBUTES} (LLP64), naming the file {@code NtCreateFile} opens:
 * <pre>
 * typedef struct _OBJECT_ATTRIBUTES {
 *     ULONG           Length;                    // @0  = 48
 *     HANDLE          RootDirectory;             // @8
 *     PUNICODE_STRING ObjectName;                // @16
 *     ULONG           Attributes;                // @24
 *     PVOID           SecurityDescriptor;        // @32
 *     PVOID           SecurityQualityOfService;  // @40
 * } OBJECT_ATTRIBUTES;                           // 48 bytes
 * </pre>
 */
final class ObjectAttributesLayout {
    static final int SIZE = 48;
    static final int LENGTH = 0;
    static final int ROOT_DIRECTORY = 8;
    static final int OBJECT_NAME = 16;
    static final int ATTRIBUTES = 24;
    static final int SECURITY_DESCRIPTOR = 32;
    static final int SECURITY_QOS = 40;

    private ObjectAttributesLayout() {
    }

    /** Attributes naming {@code objectName} (a {@code UNICODE_STRING}), with no root, flags or security. */
    static void put(NativeBuffer attributes, NativeBuffer objectName) {
        attributes.clear(0, SIZE);
        attributes.putInt(LENGTH, SIZE);
        attributes.putLong(ROOT_DIRECTORY, 0L);
        attributes.putLong(OBJECT_NAME, objectName.address());
        attributes.putInt(ATTRIBUTES, 0);
        attributes.putLong(SECURITY_DESCRIPTOR, 0L);
        attributes.putLong(SECURITY_QOS, 0L);
    }
}
