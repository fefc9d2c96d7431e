package dev.polling.afd;

import dev.polling.spi.NativeBuffer;
import dev.polling.spi.NativeOs;

/**
 * The Windows calls the AFD backend makes: its seam to the OS, implemented once per binding
 * ({@code afd.jnr.JnrAfdOs}, {@code afd.ffm.FfmAfdOs}, each with {@code public static AfdOs load()},
 * found through {@link dev.polling.spi.Binding}) and by a fake kernel in the unit tests.
 *
 * <p>One error convention, the Windows analogue of {@code -errno}, so that no call has a side
 * channel for its error:
 * <ul>
 *   <li>{@code ntdll} calls return their {@code NTSTATUS} as the kernel does: negative (severity
 *       error) on failure;</li>
 *   <li>{@code kernel32}/{@code ws2_32} calls that return a {@code BOOL} or {@code SOCKET_ERROR}
 *       return 0 on success and {@code -GetLastError()} ({@code -WSAGetLastError()}, the same
 *       per-thread value) on failure;</li>
 *   <li>a call that returns a handle returns it (handles are positive) or {@code -GetLastError()}.</li>
 * </ul>
 * Structures are laid out as the {@code *Layout} classes of this package say (LLP64). Thread-safe.
 */
public interface AfdOs extends NativeOs {
    /** {@code CreateIoCompletionPort(file, existingPort, key, threads)}: the port, or {@code -GetLastError()}. */
    long createIoCompletionPort(long file, long existingPort, long key, int threads);

    /** {@code SetFileCompletionNotificationModes(handle, flags)}: 0, or {@code -GetLastError()}. */
    int setFileCompletionNotificationModes(long handle, int flags);

    /**
     * {@code GetQueuedCompletionStatusEx(port, entries, count, removed, millis, alertable)}: 0 with
     * the number of entries dequeued in {@code removed} (a 4-byte {@code ULONG}), or
     * {@code -GetLastError()} ({@code -WAIT_TIMEOUT} when the time ran out).
     */
    int getQueuedCompletionStatusEx(long port, NativeBuffer entries, int count, NativeBuffer removed, int millis,
                                    boolean alertable);

    /** {@code PostQueuedCompletionStatus(port, bytes, key, overlapped)}: 0, or {@code -GetLastError()}. */
    int postQueuedCompletionStatus(long port, int bytes, long key, long overlapped);

    /** {@code CloseHandle(handle)}: 0, or {@code -GetLastError()}. */
    int closeHandle(long handle);

    /**
     * {@code NtCreateFile(handleOut, access, attributes, iosb, NULL, 0, share, disposition, options,
     * NULL, 0)}: an NTSTATUS; the handle is written to {@code handleOut}.
     */
    int ntCreateFile(NativeBuffer handleOut, int access, NativeBuffer objectAttributes, NativeBuffer iosb, int shareAccess,
                     int createDisposition, int createOptions);

    /**
     * {@code NtDeviceIoControlFile(file, NULL, NULL, apcContext, iosb, code, in, in.size, out, out.size)}:
     * an NTSTATUS. With no APC routine on a handle bound to a completion port, {@code apcContext}
     * comes back as the completion's {@code lpOverlapped}.
     */
    int ntDeviceIoControlFile(long file, long apcContext, NativeBuffer iosb, int ioControlCode, NativeBuffer in,
                              NativeBuffer out);

    /** {@code NtCancelIoFileEx(file, requestIosb, scratchIosb)}: an NTSTATUS. */
    int ntCancelIoFileEx(long file, NativeBuffer requestIosb, NativeBuffer scratchIosb);

    /** {@code RtlNtStatusToDosError(status)}: the Win32 error an NTSTATUS stands for (never fails). */
    int rtlNtStatusToDosError(int status);

    /**
     * {@code WSAIoctl(socket, code, NULL, 0, out, out.size, bytesReturned, NULL, NULL)}: 0, or
     * {@code -WSAGetLastError()}.
     */
    int wsaIoctl(long socket, int code, NativeBuffer out, NativeBuffer bytesReturned);
}
