package dev.polling.afd.jnr;

import jnr.ffi.types.intptr_t;

/**
 * JNR-FFI binding of the ntdll.dll calls (LLP64: {@code ULONG}/{@code NTSTATUS} are Java {@code int},
 * handles and pointers {@code @intptr_t long}; a plain Java {@code long} would be C {@code long},
 * 32-bit on Windows).
 */
public interface NtDll {
    /** {@code NTSTATUS NtCreateFile(PHANDLE, ACCESS_MASK, POBJECT_ATTRIBUTES, PIO_STATUS_BLOCK, PLARGE_INTEGER, ULONG, ULONG, ULONG, ULONG, PVOID, ULONG)}. */
    int NtCreateFile(@intptr_t long fileHandle, int desiredAccess, @intptr_t long objectAttributes,
                     @intptr_t long ioStatusBlock, @intptr_t long allocationSize, int fileAttributes, int shareAccess,
                     int createDisposition, int createOptions, @intptr_t long eaBuffer, int eaLength);

    /** {@code NTSTATUS NtDeviceIoControlFile(HANDLE, HANDLE, PIO_APC_ROUTINE, PVOID, PIO_STATUS_BLOCK, ULONG, PVOID, ULONG, PVOID, ULONG)}. */
    int NtDeviceIoControlFile(@intptr_t long fileHandle, @intptr_t long event, @intptr_t long apcRoutine,
                              @intptr_t long apcContext, @intptr_t long ioStatusBlock, int ioControlCode,
                              @intptr_t long inputBuffer, int inputBufferLength, @intptr_t long outputBuffer,
                              int outputBufferLength);

    /** {@code NTSTATUS NtCancelIoFileEx(HANDLE, PIO_STATUS_BLOCK, PIO_STATUS_BLOCK)} (an NTSTATUS, not a BOOL). */
    int NtCancelIoFileEx(@intptr_t long fileHandle, @intptr_t long ioRequestToCancel, @intptr_t long ioStatusBlock);

    /** {@code ULONG RtlNtStatusToDosError(NTSTATUS)}. */
    int RtlNtStatusToDosError(int status);
}
