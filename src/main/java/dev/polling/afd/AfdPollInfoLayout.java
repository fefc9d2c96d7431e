package dev.polling.afd;

import dev.polling.spi.NativeBuffer;

/**
 * {@code AFD_POLL_INFO} with one handle, the in/out buffer of {@code IOCTL_AFD_POLL} (LLP64):
 * <pre>
 * typedef struct _AFD_POLL_HANDLE_INFO {
 *     HANDLE   Handle;           // @16 (@0 of the handle info)
 *     ULONG    Events;           // @24
 *     NTSTATUS Status;           // @28
 * } AFD_POLL_HANDLE_INFO;        // 16 bytes
 * typedef struct _AFD_POLL_INFO {
 *     LARGE_INTEGER Timeout;     // @0
 *     ULONG NumberOfHandles;     // @8
 *     ULONG Exclusive;           // @12
 *     AFD_POLL_HANDLE_INFO Handles[1];  // @16
 * } AFD_POLL_INFO;               // 32 bytes
 * </pre>
 */
final class AfdPollInfoLayout {
    static final int SIZE = 32;
    static final int TIMEOUT = 0;
    static final int NUMBER_OF_HANDLES = 8;
    static final int EXCLUSIVE = 12;
    static final int HANDLE = 16;
    static final int EVENTS = 24;
    static final int HANDLE_STATUS = 28;
    /** "Never": the poll ends only when an event fires or it is cancelled. */
    static final long NO_TIMEOUT = Long.MAX_VALUE;

    private AfdPollInfoLayout() {
    }

    /** Fills {@code info} for one socket: never time out, not exclusive, {@code events} on {@code baseHandle}. */
    static void put(NativeBuffer info, long baseHandle, int events) {
        info.putLong(TIMEOUT, NO_TIMEOUT);
        info.putInt(NUMBER_OF_HANDLES, 1);
        info.putInt(EXCLUSIVE, 0);
        info.putLong(HANDLE, baseHandle);
        info.putInt(EVENTS, events);
        info.putInt(HANDLE_STATUS, 0);
    }

    static int numberOfHandles(NativeBuffer info) {
        return info.getInt(NUMBER_OF_HANDLES);
    }

    static long handle(NativeBuffer info) {
        return info.getLong(HANDLE);
    }

    static int events(NativeBuffer info) {
        return info.getInt(EVENTS);
    }

    static int handleStatus(NativeBuffer info) {
        return info.getInt(HANDLE_STATUS);
    }

    static long timeout(NativeBuffer info) {
        return info.getLong(TIMEOUT);
    }

    static int exclusive(NativeBuffer info) {
        return info.getInt(EXCLUSIVE);
    }
}
