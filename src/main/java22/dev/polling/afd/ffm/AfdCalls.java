package dev.polling.afd.ffm;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;

import dev.polling.spi.ffm.FfmLibraries;

/**
 * The Windows functions' downcall handles, {@code static final} so that the JIT treats them as
 * constants. Each takes the function's address first (from the library {@link FfmAfdOs} bound);
 * those whose failure is told by the thread's last error take its capture segment next.
 *
 * <p>Widths are Win64's (LLP64): {@code HANDLE}, {@code SOCKET}, {@code ULONG_PTR} and the
 * pointers the backend passes as numbers ({@code ApcContext}, {@code lpOverlapped}) are 64-bit
 * integers; {@code ULONG}, {@code DWORD}, {@code BOOL} and {@code NTSTATUS} 32-bit;
 * {@code UCHAR} 8-bit. Unused pointer arguments are passed as 0. The calls that only queue or
 * cancel work ({@code NtDeviceIoControlFile}, {@code NtCancelIoFileEx},
 * {@code PostQueuedCompletionStatus}, {@code RtlNtStatusToDosError}) are critical;
 * {@code GetQueuedCompletionStatusEx} waits.
 */
final class AfdCalls {
    private static final Linker.Option CRITICAL = Linker.Option.critical(false);

    /**
     * {@code NTSTATUS NtCreateFile(PHANDLE, ACCESS_MASK, POBJECT_ATTRIBUTES, PIO_STATUS_BLOCK,
     * PLARGE_INTEGER, ULONG, ULONG, ULONG, ULONG, PVOID, ULONG)}.
     */
    static final MethodHandle NT_CREATE_FILE = FfmLibraries.downcall(FunctionDescriptor.of(JAVA_INT,
            ADDRESS, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT));
    /**
     * {@code NTSTATUS NtDeviceIoControlFile(HANDLE, HANDLE, PIO_APC_ROUTINE, PVOID, PIO_STATUS_BLOCK,
     * ULONG, PVOID, ULONG, PVOID, ULONG)}.
     */
    static final MethodHandle NT_DEVICE_IO_CONTROL_FILE = FfmLibraries.downcall(FunctionDescriptor.of(JAVA_INT,
            JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT), CRITICAL);
    /** {@code NTSTATUS NtCancelIoFileEx(HANDLE, PIO_STATUS_BLOCK, PIO_STATUS_BLOCK)}. */
    static final MethodHandle NT_CANCEL_IO_FILE_EX = FfmLibraries.downcall(
            FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS, ADDRESS), CRITICAL);
    /** {@code ULONG RtlNtStatusToDosError(NTSTATUS)}. */
    static final MethodHandle RTL_NT_STATUS_TO_DOS_ERROR = FfmLibraries.downcall(
            FunctionDescriptor.of(JAVA_INT, JAVA_INT), CRITICAL);

    /** {@code HANDLE CreateIoCompletionPort(HANDLE, HANDLE, ULONG_PTR, DWORD)}. */
    static final MethodHandle CREATE_IO_COMPLETION_PORT = FfmLibraries.downcall(
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT), LastError.OPTION);
    /** {@code BOOL SetFileCompletionNotificationModes(HANDLE, UCHAR)}. */
    static final MethodHandle SET_FILE_COMPLETION_NOTIFICATION_MODES = FfmLibraries.downcall(
            FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_BYTE), LastError.OPTION);
    /** {@code BOOL GetQueuedCompletionStatusEx(HANDLE, LPOVERLAPPED_ENTRY, ULONG, PULONG, DWORD, BOOL)}. */
    static final MethodHandle GET_QUEUED_COMPLETION_STATUS_EX = FfmLibraries.downcall(
            FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), LastError.OPTION);
    /** {@code BOOL PostQueuedCompletionStatus(HANDLE, DWORD, ULONG_PTR, LPOVERLAPPED)}. */
    static final MethodHandle POST_QUEUED_COMPLETION_STATUS = FfmLibraries.downcall(
            FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG), CRITICAL, LastError.OPTION);
    /** {@code BOOL CloseHandle(HANDLE)}. */
    static final MethodHandle CLOSE_HANDLE = FfmLibraries.downcall(
            FunctionDescriptor.of(JAVA_INT, JAVA_LONG), LastError.OPTION);
    /**
     * {@code int WSAIoctl(SOCKET, DWORD, LPVOID, DWORD, LPVOID, DWORD, LPDWORD, LPWSAOVERLAPPED,
     * LPWSAOVERLAPPED_COMPLETION_ROUTINE)}.
     */
    static final MethodHandle WSA_IOCTL = FfmLibraries.downcall(FunctionDescriptor.of(JAVA_INT,
            JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG), LastError.WSA_OPTION);

    private AfdCalls() {
    }
}
