package dev.polling.afd.jnr;

import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

import dev.polling.afd.AfdOs;
import dev.polling.spi.NativeBuffer;
import dev.polling.spi.jnr.JnrLibraries;
import dev.polling.spi.jnr.JnrNativeBuffer;

/**
 * {@link AfdOs} through JNR-FFI: ntdll.dll, kernel32.dll and ws2_32.dll, or all three from the one
 * library named by {@code -Dpolling.afd.library}. Symbols resolve on first call.
 */
public final class JnrAfdOs implements AfdOs {
    /** The backend name in {@code -Dpolling.afd.library}. */
    static final String BACKEND_NAME = "afd";

    private final NtDll nt;
    private final Kernel32 kernel32;
    private final Ws2_32 ws2;
    private final Runtime runtime;
    /** TRUE as the Pointer-typed BOOL of GetQueuedCompletionStatusEx (FALSE is {@code null}). */
    private final Pointer alertableTrue;

    private JnrAfdOs(NtDll nt, Kernel32 kernel32, Ws2_32 ws2) {
        this.nt = nt;
        this.kernel32 = kernel32;
        this.ws2 = ws2;
        this.runtime = Runtime.getRuntime(kernel32);
        this.alertableTrue = Pointer.wrap(runtime, 1L);
    }

    /**
     * Binds the three libraries; what {@link dev.polling.spi.Binding} calls.
     *
     * @throws UnsatisfiedLinkError if one cannot be loaded
     */
    public static AfdOs load() {
        return new JnrAfdOs(JnrLibraries.load(NtDll.class, BACKEND_NAME, "ntdll"),
                JnrLibraries.load(Kernel32.class, BACKEND_NAME, "kernel32"), JnrLibraries.load(Ws2_32.class, BACKEND_NAME, "ws2_32"));
    }

    /** 0 for a true BOOL, {@code -GetLastError()} for FALSE (jffi saves it per thread after each call). */
    private int bool(int result) {
        return result != 0 ? 0 : -runtime.getLastError();
    }

    @Override
    public NativeBuffer allocate(long size) {
        return JnrNativeBuffer.allocate(size);
    }

    @Override
    public long createIoCompletionPort(long file, long existingPort, long key, int threads) {
        long port = kernel32.CreateIoCompletionPort(file, existingPort, key, threads);
        return port != 0 ? port : -runtime.getLastError();
    }

    @Override
    public int setFileCompletionNotificationModes(long handle, int flags) {
        return bool(kernel32.SetFileCompletionNotificationModes(handle, (byte) flags));
    }

    @Override
    public int getQueuedCompletionStatusEx(long port, NativeBuffer entries, int count, NativeBuffer removed, int millis,
                                           boolean alertable) {
        return bool(kernel32.GetQueuedCompletionStatusEx(port, entries.address(), count, removed.address(), millis,
                alertable ? alertableTrue : null));
    }

    @Override
    public int postQueuedCompletionStatus(long port, int bytes, long key, long overlapped) {
        return bool(kernel32.PostQueuedCompletionStatus(port, bytes, key, overlapped));
    }

    @Override
    public int closeHandle(long handle) {
        return bool(kernel32.CloseHandle(handle));
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
        int r = ws2.WSAIoctl(socket, code, 0L, 0, out.address(), (int) out.size(), bytesReturned.address(), 0L, 0L);
        return r == 0 ? 0 : -runtime.getLastError(); // SOCKET_ERROR; WSAGetLastError reads the same slot
    }
}
