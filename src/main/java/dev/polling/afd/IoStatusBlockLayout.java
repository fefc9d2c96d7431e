package dev.polling.afd;

import dev.polling.spi.NativeBuffer;

/**
 * {@code IO_STATUS_BLOCK} on 64-bit Windows (LLP64): the kernel writes the request's final status
 * here when it completes, so it must stay allocated until the completion packet is dequeued.
 * <pre>
 * typedef struct _IO_STATUS_BLOCK {
 *     union { NTSTATUS Status; PVOID Pointer; };  // @0 (NTSTATUS is 32-bit; the union makes it 8)
 *     ULONG_PTR Information;                      // @8
 * } IO_STATUS_BLOCK;                              // 16 bytes
 * </pre>
 */
final class IoStatusBlockLayout {
    static final int SIZE = 16;
    static final int STATUS = 0;
    static final int INFORMATION = 8;

    private IoStatusBlockLayout() {
    }

    static int status(NativeBuffer iosb) {
        return iosb.getInt(STATUS);
    }

    static void setStatus(NativeBuffer iosb, int status) {
        iosb.putInt(STATUS, status);
    }

    static long information(NativeBuffer iosb) {
        return iosb.getLong(INFORMATION);
    }

    /** Status {@code status} and no information: what the backend writes before issuing a request. */
    static void reset(NativeBuffer iosb, int status) {
        iosb.putLong(STATUS, 0L);
        iosb.putInt(STATUS, status);
        iosb.putLong(INFORMATION, 0L);
    }
}
