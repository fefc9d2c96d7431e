package dev.polling.afd;

import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

import dev.polling.spi.NativeBuffer;
import dev.polling.spi.NativeLibraries;

/**
 * {@link WindowsSystem} through JNR-FFI: ntdll.dll, kernel32.dll and ws2_32.dll, or all three from
 * the one library named by {@code -Dpolling.afd.library}. Symbols resolve on first call.
 */
final class JnrWindowsSystem implements WindowsSystem {
    private final NtDll nt;
    private final Kernel32 kernel32;
    private final Ws2_32 ws2;
    private final Runtime runtime;
    /** TRUE as the Pointer-typed BOOL of GetQueuedCompletionStatusEx (FALSE is {@code null}). */
    private final Pointer alertableTrue;

    private JnrWindowsSystem(NtDll nt, Kernel32 kernel32, Ws2_32 ws2) {
        this.nt = nt;
        this.kernel32 = kernel32;
        this.ws2 = ws2;
        this.runtime = Runtime.getRuntime(kernel32);
        this.alertableTrue = Pointer.wrap(runtime, 1L);
    }

    /**
     * Binds the three libraries.
     *
     * @throws UnsatisfiedLinkError if one cannot be loaded
     */
    static JnrWindowsSystem load() {
        return new JnrWindowsSystem(NativeLibraries.load(NtDll.class, "afd", "ntdll"),
                NativeLibraries.load(Kernel32.class, "afd", "kernel32"), NativeLibraries.load(Ws2_32.class, "afd", "ws2_32"));
    }

    @Override
    public long createIoCompletionPort(long file, long existingPort, long key, int threads) {
        return kernel32.CreateIoCompletionPort(file, existingPort, key, threads);
    }

    @Override
    public int setFileCompletionNotificationModes(long handle, int flags) {
        return kernel32.SetFileCompletionNotificationModes(handle, (byte) flags);
    }

    @Override
    public int getQueuedCompletionStatusEx(long port, NativeBuffer entries, int count, NativeBuffer removed, int millis,
                                           boolean alertable) {
        return kernel32.GetQueuedCompletionStatusEx(port, entries.address(), count, removed.address(), millis,
                alertable ? alertableTrue : null);
    }

    @Override
    public int postQueuedCompletionStatus(long port, int bytes, long key, long overlapped) {
        return kernel32.PostQueuedCompletionStatus(port, bytes, key, overlapped);
    }

    @Override
    public int closeHandle(long handle) {
        return kernel32.CloseHandle(handle);
    }

    @Override
    public int lastError() {
        // jffi keeps one saved-error slot per thread (GetLastError on Windows); WSAGetLastError reads the same value.
        return runtime.getLastError();
    }

    @Override
    public int ntCreateFile(NativeBuffer handleOut, int access, NativeBuffer objectAttributes, NativeBuffer iosb,
                            int shareAccess, int createDisposition, int createOptions) {
        return nt.NtCreateFile(handleOut.address(), access, objectAttributes.address(), iosb.address(), 0L, 0, shareAccess,
                createDisposition, createOptions, 0L, 0);
    }

    @Override
    public int ntDeviceIoControlFile(long file, long apcContext, NativeBuffer iosb, int ioControlCode, NativeBuffer in,
                                     NativeBuffer out) {
        return nt.NtDeviceIoControlFile(file, 0L, 0L, apcContext, iosb.address(), ioControlCode, in.address(),
                (int) in.size(), out.address(), (int) out.size());
    }

    @Override
    public int ntCancelIoFileEx(long file, NativeBuffer requestIosb, NativeBuffer scratchIosb) {
        return nt.NtCancelIoFileEx(file, requestIosb.address(), scratchIosb.address());
    }

    @Override
    public int rtlNtStatusToDosError(int status) {
        return nt.RtlNtStatusToDosError(status);
    }

    @Override
    public int wsaIoctl(long socket, int code, NativeBuffer out, NativeBuffer bytesReturned) {
        return ws2.WSAIoctl(socket, code, 0L, 0, out.address(), (int) out.size(), bytesReturned.address(), 0L, 0L);
    }
}
