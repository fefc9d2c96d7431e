package dev.polling.afd;

import dev.polling.spi.NativeBuffer;

/**
 * The Windows calls the AFD backend makes, narrowed so that its logic can be tested with this
 * interface mocked. Results are the C results (NTSTATUS, BOOL as 0/1, handles as 64-bit values);
 * {@link #lastError()} reads {@code GetLastError()}/{@code WSAGetLastError()} of the calling
 * thread's previous call.
 */
interface WindowsSystem {
    /** {@code CreateIoCompletionPort(file, existingPort, key, threads)}; 0 on failure. */
    long createIoCompletionPort(long file, long existingPort, long key, int threads);

    /** {@code SetFileCompletionNotificationModes(handle, flags)}; 0 on failure. */
    int setFileCompletionNotificationModes(long handle, int flags);

    /** {@code GetQueuedCompletionStatusEx(port, entries, count, removed, millis, alertable)}; 0 on failure or timeout. */
    int getQueuedCompletionStatusEx(long port, NativeBuffer entries, int count, NativeBuffer removed, int millis,
                                    boolean alertable);

    /** {@code PostQueuedCompletionStatus(port, bytes, key, overlapped)}; 0 on failure. */
    int postQueuedCompletionStatus(long port, int bytes, long key, long overlapped);

    /** {@code CloseHandle(handle)}; 0 on failure. */
    int closeHandle(long handle);

    /** The calling thread's last Win32 / Winsock error. */
    int lastError();

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

    /** {@code RtlNtStatusToDosError(status)}. */
    int rtlNtStatusToDosError(int status);

    /** {@code WSAIoctl(socket, code, NULL, 0, out, out.size, bytesReturned, NULL, NULL)}: 0, or SOCKET_ERROR (-1). */
    int wsaIoctl(long socket, int code, NativeBuffer out, NativeBuffer bytesReturned);
}
