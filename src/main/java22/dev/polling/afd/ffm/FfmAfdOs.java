package dev.polling.afd.ffm;

import java.lang.foreign.MemorySegment;

import dev.polling.afd.AfdOs;
import dev.polling.spi.NativeBuffer;
import dev.polling.spi.ffm.FfmCalls;
import dev.polling.spi.ffm.FfmLibraries;
import dev.polling.spi.ffm.FfmNativeBuffer;

/**
 * {@link AfdOs} through {@code java.lang.foreign}: ntdll.dll, kernel32.dll and ws2_32.dll, or all
 * three from the one library named by {@code -Dpolling.afd.library}, called through
 * {@link AfdCalls}. Ten and eleven arguments pass as they should, and no call allocates (the
 * JNR-FFI binding's {@code NtDeviceIoControlFile} allocates per call). A {@code BOOL} or
 * {@code SOCKET_ERROR} failure returns {@code -GetLastError()} as captured by {@link LastError}.
 * Thread-safe.
 */
public final class FfmAfdOs implements AfdOs {
    /** The backend name in {@code -Dpolling.afd.library}. */
    static final String BACKEND_NAME = "afd";

    /** {@code IO_STATUS_BLOCK}: a status/pointer union and a {@code ULONG_PTR}; 16 bytes on Win64. */
    private static final long IO_STATUS_BLOCK_SIZE = 16;
    /** {@code OVERLAPPED_ENTRY}: key, pointer, internal ULONG_PTR, DWORD bytes; 32 bytes on Win64. */
    private static final long OVERLAPPED_ENTRY_SIZE = 32;

    private final FfmLibraries.Library ntLib;
    private final FfmLibraries.Library kernel32Lib;
    private final FfmLibraries.Library ws2Lib;
    /** Each {@link MemorySegment#NULL} where the library lacks it: the call then fails ({@link FfmLibraries#require}). */
    private final MemorySegment ntCreateFile;
    private final MemorySegment ntDeviceIoControlFile;
    private final MemorySegment ntCancelIoFileEx;
    private final MemorySegment rtlNtStatusToDosError;
    private final MemorySegment createIoCompletionPort;
    private final MemorySegment setFileCompletionNotificationModes;
    private final MemorySegment getQueuedCompletionStatusEx;
    private final MemorySegment postQueuedCompletionStatus;
    private final MemorySegment closeHandle;
    private final MemorySegment wsaIoctl;

    private FfmAfdOs(FfmLibraries.Library nt, FfmLibraries.Library kernel32, FfmLibraries.Library ws2) {
        ntLib = nt;
        kernel32Lib = kernel32;
        ws2Lib = ws2;
        ntCreateFile = nt.findOptional("NtCreateFile");
        ntDeviceIoControlFile = nt.findOptional("NtDeviceIoControlFile");
        ntCancelIoFileEx = nt.findOptional("NtCancelIoFileEx");
        rtlNtStatusToDosError = nt.findOptional("RtlNtStatusToDosError");
        createIoCompletionPort = kernel32.findOptional("CreateIoCompletionPort");
        setFileCompletionNotificationModes = kernel32.findOptional("SetFileCompletionNotificationModes");
        getQueuedCompletionStatusEx = kernel32.findOptional("GetQueuedCompletionStatusEx");
        postQueuedCompletionStatus = kernel32.findOptional("PostQueuedCompletionStatus");
        closeHandle = kernel32.findOptional("CloseHandle");
        wsaIoctl = ws2.findOptional("WSAIoctl");
    }

    /**
     * Binds the three libraries (or the override); what {@link dev.polling.spi.Binding#load(Class)} calls.
     *
     * @throws UnsatisfiedLinkError if one of them cannot be opened (a missing function fails when called)
     */
    public static AfdOs load() {
        return new FfmAfdOs(FfmLibraries.load(BACKEND_NAME, "ntdll"), FfmLibraries.load(BACKEND_NAME, "kernel32"),
                FfmLibraries.load(BACKEND_NAME, "ws2_32"));
    }

    @Override
    public NativeBuffer allocate(long size) {
        return FfmNativeBuffer.allocate(size);
    }

    @Override
    public long createIoCompletionPort(long file, long existingPort, long key, int threads) {
        MemorySegment state = LastError.state();
        MemorySegment function = FfmLibraries.require(createIoCompletionPort, "CreateIoCompletionPort", kernel32Lib);
        try {
            long port = (long) AfdCalls.CREATE_IO_COMPLETION_PORT.invokeExact(function, state, file, existingPort,
                    key, threads);
            return port != 0 ? port : -LastError.value(state);
        } catch (Throwable t) {
            throw FfmCalls.unexpected("CreateIoCompletionPort", t);
        }
    }

    @Override
    public int setFileCompletionNotificationModes(long handle, int flags) {
        MemorySegment state = LastError.state();
        MemorySegment function =
                FfmLibraries.require(setFileCompletionNotificationModes, "SetFileCompletionNotificationModes", kernel32Lib);
        try {
            return bool((int) AfdCalls.SET_FILE_COMPLETION_NOTIFICATION_MODES.invokeExact(function,
                    state, handle, (byte) flags), state);
        } catch (Throwable t) {
            throw FfmCalls.unexpected("SetFileCompletionNotificationModes", t);
        }
    }

    @Override
    public int getQueuedCompletionStatusEx(long port, NativeBuffer entries, int count, NativeBuffer removed, int millis,
                                           boolean alertable) {
        MemorySegment e = FfmNativeBuffer.segment(entries, count * OVERLAPPED_ENTRY_SIZE);
        MemorySegment r = FfmNativeBuffer.segment(removed, Integer.BYTES);
        MemorySegment state = LastError.state();
        MemorySegment function =
                FfmLibraries.require(getQueuedCompletionStatusEx, "GetQueuedCompletionStatusEx", kernel32Lib);
        try {
            return bool((int) AfdCalls.GET_QUEUED_COMPLETION_STATUS_EX.invokeExact(function, state, port, e,
                    count, r, millis, alertable ? 1 : 0), state);
        } catch (Throwable t) {
            throw FfmCalls.unexpected("GetQueuedCompletionStatusEx", t);
        }
    }

    @Override
    public int postQueuedCompletionStatus(long port, int bytes, long key, long overlapped) {
        MemorySegment state = LastError.state();
        MemorySegment function = FfmLibraries.require(postQueuedCompletionStatus, "PostQueuedCompletionStatus", kernel32Lib);
        try {
            return bool((int) AfdCalls.POST_QUEUED_COMPLETION_STATUS.invokeExact(function, state, port, bytes,
                    key, overlapped), state);
        } catch (Throwable t) {
            throw FfmCalls.unexpected("PostQueuedCompletionStatus", t);
        }
    }

    @Override
    public int closeHandle(long handle) {
        MemorySegment state = LastError.state();
        MemorySegment function = FfmLibraries.require(closeHandle, "CloseHandle", kernel32Lib);
        try {
            return bool((int) AfdCalls.CLOSE_HANDLE.invokeExact(function, state, handle), state);
        } catch (Throwable t) {
            throw FfmCalls.unexpected("CloseHandle", t);
        }
    }

    @Override
    public int ntCreateFile(NativeBuffer handleOut, int access, NativeBuffer objectAttributes, NativeBuffer iosb,
                            int shareAccess, int createDisposition, int createOptions) {
        MemorySegment h = FfmNativeBuffer.segment(handleOut, Long.BYTES);
        MemorySegment a = FfmNativeBuffer.segment(objectAttributes);
        MemorySegment i = FfmNativeBuffer.segment(iosb, IO_STATUS_BLOCK_SIZE);
        MemorySegment function = FfmLibraries.require(ntCreateFile, "NtCreateFile", ntLib);
        try {
            return (int) AfdCalls.NT_CREATE_FILE.invokeExact(function, h, access, a, i, 0L, 0, shareAccess, createDisposition,
                    createOptions, 0L, 0);
        } catch (Throwable t) {
            throw FfmCalls.unexpected("NtCreateFile", t);
        }
    }

    @Override
    public int ntDeviceIoControlFile(long file, long apcContext, NativeBuffer iosb, int ioControlCode, NativeBuffer in,
                                     NativeBuffer out) {
        MemorySegment i = FfmNativeBuffer.segment(iosb, IO_STATUS_BLOCK_SIZE);
        MemorySegment input = FfmNativeBuffer.segment(in);
        MemorySegment output = FfmNativeBuffer.segment(out);
        MemorySegment function = FfmLibraries.require(ntDeviceIoControlFile, "NtDeviceIoControlFile", ntLib);
        try {
            return (int) AfdCalls.NT_DEVICE_IO_CONTROL_FILE.invokeExact(function, file, 0L, 0L, apcContext, i,
                    ioControlCode, input, (int) input.byteSize(), output, (int) output.byteSize());
        } catch (Throwable t) {
            throw FfmCalls.unexpected("NtDeviceIoControlFile", t);
        }
    }

    @Override
    public int ntCancelIoFileEx(long file, NativeBuffer requestIosb, NativeBuffer scratchIosb) {
        MemorySegment request = FfmNativeBuffer.segment(requestIosb, IO_STATUS_BLOCK_SIZE);
        MemorySegment scratch = FfmNativeBuffer.segment(scratchIosb, IO_STATUS_BLOCK_SIZE);
        MemorySegment function = FfmLibraries.require(ntCancelIoFileEx, "NtCancelIoFileEx", ntLib);
        try {
            return (int) AfdCalls.NT_CANCEL_IO_FILE_EX.invokeExact(function, file, request, scratch);
        } catch (Throwable t) {
            throw FfmCalls.unexpected("NtCancelIoFileEx", t);
        }
    }

    @Override
    public int rtlNtStatusToDosError(int status) {
        MemorySegment function = FfmLibraries.require(rtlNtStatusToDosError, "RtlNtStatusToDosError", ntLib);
        try {
            return (int) AfdCalls.RTL_NT_STATUS_TO_DOS_ERROR.invokeExact(function, status);
        } catch (Throwable t) {
            throw FfmCalls.unexpected("RtlNtStatusToDosError", t);
        }
    }

    @Override
    public int wsaIoctl(long socket, int code, NativeBuffer out, NativeBuffer bytesReturned) {
        MemorySegment o = FfmNativeBuffer.segment(out);
        MemorySegment b = FfmNativeBuffer.segment(bytesReturned, Integer.BYTES);
        MemorySegment state = LastError.state();
        MemorySegment function = FfmLibraries.require(wsaIoctl, "WSAIoctl", ws2Lib);
        try {
            int r = (int) AfdCalls.WSA_IOCTL.invokeExact(function, state, socket, code, 0L, 0, o, (int) o.byteSize(), b,
                    0L, 0L);
            return r == 0 ? 0 : -LastError.wsaValue(state); // SOCKET_ERROR
        } catch (Throwable t) {
            throw FfmCalls.unexpected("WSAIoctl", t);
        }
    }

    /** 0 for a true {@code BOOL}, {@code -GetLastError()} for FALSE. */
    private static int bool(int result, MemorySegment state) {
        return result != 0 ? 0 : -LastError.value(state);
    }
}
