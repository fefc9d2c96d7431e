package dev.polling.afd;

import dev.polling.spi.NativeBuffer;

/**
 * {@code OVERLAPPED_ENTRY}, what {@code GetQueuedCompletionStatusEx} fills (LLP64):
 * <pre>
 * typedef struct _OVERLAPPED_ENTRY {
 *     ULONG_PTR    lpCompletionKey;             // @0  the key the handle was bound with
 *     LPOVERLAPPED lpOverlapped;                // @8  the ApcContext of the request (or a posted value)
 *     ULONG_PTR    Internal;                    // @16
 *     DWORD        dwNumberOfBytesTransferred;  // @24 (+4 padding)
 * } OVERLAPPED_ENTRY;                           // 32 bytes
 * </pre>
 */
final class OverlappedEntryLayout {
    static final int SIZE = 32;
    static final int COMPLETION_KEY = 0;
    static final int OVERLAPPED = 8;
    static final int INTERNAL = 16;
    static final int BYTES_TRANSFERRED = 24;

    private OverlappedEntryLayout() {
    }

    static long completionKey(NativeBuffer entries, int i) {
        return entries.getLong((long) i * SIZE + COMPLETION_KEY);
    }

    static long overlapped(NativeBuffer entries, int i) {
        return entries.getLong((long) i * SIZE + OVERLAPPED);
    }

    static int bytesTransferred(NativeBuffer entries, int i) {
        return entries.getInt((long) i * SIZE + BYTES_TRANSFERRED);
    }

    /** Fills entry {@code i} (what the kernel does; used by tests and kept beside the readers). */
    static void put(NativeBuffer entries, int i, long key, long overlapped, long internal, int bytes) {
        long at = (long) i * SIZE;
        entries.putLong(at + COMPLETION_KEY, key);
        entries.putLong(at + OVERLAPPED, overlapped);
        entries.putLong(at + INTERNAL, internal);
        entries.putInt(at + BYTES_TRANSFERRED, bytes);
        entries.putInt(at + BYTES_TRANSFERRED + 4, 0);
    }
}
