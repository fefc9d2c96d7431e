package dev.polling.afd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.polling.spi.Binding;
import dev.polling.spi.NativeBuffer;

/**
 * The AFD backend's JNR bindings called for real, on Linux, against {@code fake_windows.c}: a
 * library that records the arguments each Windows function receives. It proves argument order,
 * count and width (64-bit handles not truncated, the sixth argument intact) through JNR-FFI; the
 * Win64 calling convention itself can only be checked on Windows.
 */
class JnrAfdOsTest {
    private static final long HANDLE = 0x1122_3344_5566_7788L;
    private static String skipReason;
    private static WindowsRecorder.Functions recorder;
    private static AfdOs sys;

    @BeforeAll
    static void build() {
        skipReason = WindowsRecorder.skipReason();
        if (skipReason != null) {
            return;
        }
        sys = WindowsRecorder.load(Binding.JNR);
        recorder = WindowsRecorder.functions();
    }

    @BeforeEach
    void cleanSlate() {
        if (skipReason == null) {
            WindowsRecorder.reset();
        }
    }

    private static long[] args() {
        return WindowsRecorder.lastArgs();
    }

    @Test
    void shouldPassAllElevenArgumentsOfNtCreateFile() {
        assumeTrue(skipReason == null, skipReason);
        try (NativeBuffer h = sys.allocate(8); NativeBuffer oa = sys.allocate(48); NativeBuffer iosb = sys.allocate(16)) {
            recorder.fake_set_result(0xC0000034L);
            assertEquals(0xC0000034, sys.ntCreateFile(h, AfdAbi.SYNCHRONIZE, oa, iosb, 3, AfdAbi.FILE_OPEN, 0));
            assertEquals("NtCreateFile", recorder.fake_name());
            assertArrayEquals(new long[] {h.address(), AfdAbi.SYNCHRONIZE, oa.address(), iosb.address(), 0, 0, 3, 1, 0, 0, 0}, args());
        }
    }

    @Test
    void shouldPassTheAfdPollRequestWithItsApcContextAndLengths() {
        assumeTrue(skipReason == null, skipReason);
        try (NativeBuffer iosb = sys.allocate(16); NativeBuffer info = sys.allocate(32)) {
            recorder.fake_set_result(AfdAbi.STATUS_PENDING);
            assertEquals(AfdAbi.STATUS_PENDING, sys.ntDeviceIoControlFile(HANDLE, 42, iosb, AfdAbi.IOCTL_AFD_POLL, info, info));
            assertArrayEquals(new long[] {HANDLE, 0, 0, 42, iosb.address(), 0x12024, info.address(), 32, info.address(), 32}, args());
        }
    }

    @Test
    void shouldPassNtCancelIoFileExAndRtlNtStatusToDosError() {
        assumeTrue(skipReason == null, skipReason);
        try (NativeBuffer request = sys.allocate(16); NativeBuffer scratch = sys.allocate(16)) {
            recorder.fake_set_result(AfdAbi.STATUS_NOT_FOUND & 0xFFFFFFFFL);
            assertEquals(AfdAbi.STATUS_NOT_FOUND, sys.ntCancelIoFileEx(HANDLE, request, scratch));
            assertArrayEquals(new long[] {HANDLE, request.address(), scratch.address()}, args());
            recorder.fake_set_result(6);
            assertEquals(6, sys.rtlNtStatusToDosError(AfdAbi.STATUS_INVALID_HANDLE));
            assertArrayEquals(new long[] {AfdAbi.STATUS_INVALID_HANDLE}, args());
        }
    }

    @Test
    void shouldPassTheCompletionPortCallsWith64BitHandlesAndKeys() {
        assumeTrue(skipReason == null, skipReason);
        recorder.fake_set_result(HANDLE);
        assertEquals(HANDLE, sys.createIoCompletionPort(AfdAbi.INVALID_HANDLE_VALUE, 0, 0, 0));
        assertArrayEquals(new long[] {-1L, 0, 0, 0}, args());
        recorder.fake_set_result(1);
        assertEquals(0, sys.postQueuedCompletionStatus(HANDLE, 7, 0x8000_0000_0000_0002L, 0x7FFF_0000_0000_0009L));
        assertArrayEquals(new long[] {HANDLE, 7, 0x8000_0000_0000_0002L, 0x7FFF_0000_0000_0009L}, args());
        assertEquals(0, sys.setFileCompletionNotificationModes(HANDLE, AfdAbi.FILE_SKIP_SET_EVENT_ON_HANDLE));
        assertArrayEquals(new long[] {HANDLE, 2}, args());
        assertEquals(0, sys.closeHandle(HANDLE));
        assertArrayEquals(new long[] {HANDLE}, args());
        recorder.fake_set_result(0); // FALSE
        recorder.fake_set_error(AfdAbi.ERROR_INVALID_HANDLE);
        assertEquals(-AfdAbi.ERROR_INVALID_HANDLE, sys.closeHandle(HANDLE), "-GetLastError()");
        assertEquals(-AfdAbi.ERROR_INVALID_HANDLE, sys.createIoCompletionPort(HANDLE, 0, 0, 0), "NULL: -GetLastError()");
        recorder.fake_set_error(0);
    }

    @Test
    void shouldPassTheSixthArgumentOfGetQueuedCompletionStatusEx() {
        assumeTrue(skipReason == null, skipReason);
        try (NativeBuffer entries = sys.allocate(64); NativeBuffer removed = sys.allocate(4)) {
            recorder.fake_set_result(1);
            assertEquals(0, sys.getQueuedCompletionStatusEx(HANDLE, entries, 2, removed, AfdAbi.INFINITE, false));
            assertArrayEquals(new long[] {HANDLE, entries.address(), 2, removed.address(), 0xFFFFFFFFL, 0}, args(),
                    "alertable must arrive as FALSE (jnr-ffi#181 corrupts a plain sixth argument)");
            sys.getQueuedCompletionStatusEx(HANDLE, entries, 2, removed, 5, true);
            assertEquals(1, recorder.fake_arg(5));
        }
    }

    @Test
    void shouldPassAllNineArgumentsOfWsaIoctl() {
        assumeTrue(skipReason == null, skipReason);
        try (NativeBuffer out = sys.allocate(8); NativeBuffer bytes = sys.allocate(4)) {
            recorder.fake_set_result(-1); // SOCKET_ERROR
            recorder.fake_set_error(AfdAbi.WSAENOTSOCK);
            assertEquals(-AfdAbi.WSAENOTSOCK, sys.wsaIoctl(0x1A4, AfdAbi.SIO_BASE_HANDLE, out, bytes), "-WSAGetLastError()");
            recorder.fake_set_error(0);
            assertArrayEquals(new long[] {0x1A4, 0x48000022L, 0, 0, out.address(), 8, bytes.address(), 0, 0}, args());
        }
    }
}
