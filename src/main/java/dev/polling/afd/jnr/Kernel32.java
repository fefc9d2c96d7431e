package dev.polling.afd.jnr;

import jnr.ffi.Pointer;
import jnr.ffi.types.intptr_t;
import jnr.ffi.types.uintptr_t;

/** JNR-FFI binding of the kernel32.dll calls (LLP64; see {@link NtDll} for the type rules). */
public interface Kernel32 {
    /** {@code HANDLE CreateIoCompletionPort(HANDLE, HANDLE, ULONG_PTR, DWORD)}. */
    @intptr_t
    long CreateIoCompletionPort(@intptr_t long fileHandle, @intptr_t long existingCompletionPort,
                                @uintptr_t long completionKey, int numberOfConcurrentThreads);

    /** {@code BOOL SetFileCompletionNotificationModes(HANDLE, UCHAR)}. */
    int SetFileCompletionNotificationModes(@intptr_t long fileHandle, byte flags);

    /**
     * {@code BOOL GetQueuedCompletionStatusEx(HANDLE, LPOVERLAPPED_ENTRY, ULONG, PULONG, DWORD, BOOL)}.
     * The BOOL goes as a {@link Pointer} ({@code null} = FALSE, its slot is 8 bytes either way): jnr-ffi
     * 2.2's fast path passes garbage as the sixth argument of a six-parameter function
     * (jnr/jnr-ffi#181), and a {@code Pointer} there takes a correct path that allocates nothing.
     */
    int GetQueuedCompletionStatusEx(@intptr_t long completionPort, @intptr_t long entries, int count,
                                    @intptr_t long numEntriesRemoved, int milliseconds, Pointer alertable);

    /** {@code BOOL PostQueuedCompletionStatus(HANDLE, DWORD, ULONG_PTR, LPOVERLAPPED)}. */
    int PostQueuedCompletionStatus(@intptr_t long completionPort, int numberOfBytesTransferred,
                                   @uintptr_t long completionKey, @intptr_t long overlapped);

    /** {@code BOOL CloseHandle(HANDLE)}. */
    int CloseHandle(@intptr_t long handle);
}
