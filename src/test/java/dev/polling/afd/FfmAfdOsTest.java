package dev.polling.afd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.polling.detection.BindingDetector;
import dev.polling.spi.Binding;
import dev.polling.spi.NativeBuffer;
import dev.polling.testsupport.AllocationWorkload;
import dev.polling.testsupport.FreshJvmAllocation;

/**
 * The AFD backend's {@code java.lang.foreign} binding called for real, on Linux, against
 * {@code fake_windows.c}, the library that records the arguments each Windows function receives:
 * the long calls arrive whole (ten and eleven arguments, 64-bit handles, the sixth argument), a
 * failed {@code BOOL} call returns {@code -GetLastError()}, and the calls the backend makes per
 * event allocate nothing once compiled (the JNR-FFI binding allocates in {@code NtDeviceIoControlFile}). The recorder is read back through JNR-FFI, which is only the test's.
 */
class FfmAfdOsTest {
    private static final long HANDLE = 0x1122_3344_5566_7788L;

    private static String skipReason;
    private static WindowsRecorder.Functions recorder;
    private static AfdOs os;

    @BeforeAll
    static void build() {
        skipReason = BindingDetector.unusableReason(Binding.FFM);
        if (skipReason != null) {
            return;
        }
        skipReason = WindowsRecorder.skipReason();
        if (skipReason != null) {
            return;
        }
        os = WindowsRecorder.load(Binding.FFM);
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
        try (NativeBuffer h = os.allocate(8); NativeBuffer oa = os.allocate(48); NativeBuffer iosb = os.allocate(16)) {
            recorder.fake_set_result(0xC0000034L);
            assertEquals(0xC0000034, os.ntCreateFile(h, AfdAbi.SYNCHRONIZE, oa, iosb, 3, AfdAbi.FILE_OPEN, 0));
            assertEquals("NtCreateFile", recorder.fake_name());
            assertArrayEquals(new long[] {h.address(), AfdAbi.SYNCHRONIZE, oa.address(), iosb.address(), 0, 0, 3, 1, 0, 0, 0},
                    args());
        }
    }

    @Test
    void shouldPassAllTenArgumentsOfNtDeviceIoControlFile() {
        assumeTrue(skipReason == null, skipReason);
        try (NativeBuffer iosb = os.allocate(16); NativeBuffer info = os.allocate(32)) {
            recorder.fake_set_result(AfdAbi.STATUS_PENDING);
            assertEquals(AfdAbi.STATUS_PENDING, os.ntDeviceIoControlFile(HANDLE, 42, iosb, AfdAbi.IOCTL_AFD_POLL, info, info));
            assertEquals("NtDeviceIoControlFile", recorder.fake_name());
            assertArrayEquals(new long[] {HANDLE, 0, 0, 42, iosb.address(), 0x12024, info.address(), 32, info.address(), 32},
                    args());
        }
    }

    @Test
    void shouldPassTheSixthArgumentOfGetQueuedCompletionStatusEx() {
        assumeTrue(skipReason == null, skipReason);
        try (NativeBuffer entries = os.allocate(64); NativeBuffer removed = os.allocate(4)) {
            recorder.fake_set_result(1);
            assertEquals(0, os.getQueuedCompletionStatusEx(HANDLE, entries, 2, removed, AfdAbi.INFINITE, false));
            assertArrayEquals(new long[] {HANDLE, entries.address(), 2, removed.address(), 0xFFFFFFFFL, 0}, args());
            os.getQueuedCompletionStatusEx(HANDLE, entries, 2, removed, 5, true);
            assertEquals(1, recorder.fake_arg(5));
        }
    }

    @Test
    void shouldPassAllNineArgumentsOfWsaIoctl() {
        assumeTrue(skipReason == null, skipReason);
        try (NativeBuffer out = os.allocate(8); NativeBuffer bytes = os.allocate(4)) {
            recorder.fake_set_result(0);
            assertEquals(0, os.wsaIoctl(HANDLE, 0x4800_0022, out, bytes));
            assertArrayEquals(new long[] {HANDLE, 0x4800_0022, 0, 0, out.address(), 8, bytes.address(), 0, 0}, args());
        }
    }

    @Test
    void shouldReturnMinusLastErrorWhenABoolCallFails() {
        assumeTrue(skipReason == null, skipReason);
        try {
            recorder.fake_set_result(1);
            assertEquals(0, os.postQueuedCompletionStatus(HANDLE, 7, 0x8000_0000_0000_0002L, 0x7FFF_0000_0000_0009L));
            assertArrayEquals(new long[] {HANDLE, 7, 0x8000_0000_0000_0002L, 0x7FFF_0000_0000_0009L}, args());
            assertEquals(0, os.setFileCompletionNotificationModes(HANDLE, AfdAbi.FILE_SKIP_SET_EVENT_ON_HANDLE));
            assertArrayEquals(new long[] {HANDLE, 2}, args());
            recorder.fake_set_result(0); // FALSE, or a NULL handle
            recorder.fake_set_error(AfdAbi.ERROR_INVALID_HANDLE);
            assertEquals(-AfdAbi.ERROR_INVALID_HANDLE, os.closeHandle(HANDLE));
            assertEquals(-AfdAbi.ERROR_INVALID_HANDLE, os.createIoCompletionPort(HANDLE, 0, 0, 0));
        } finally {
            recorder.fake_set_error(0);
        }
    }

    @Test
    void shouldAllocateNothingPerCallOnceCompiled() throws Exception {
        assumeTrue(skipReason == null, skipReason);
        // The calls that capture the last error pass a slice of the capture segment, which only the
        // optimizing JIT's escape analysis removes.
        FreshJvmAllocation.Result r = FreshJvmAllocation.measure(EventPathCalls.class, "", 1024, Map.of());
        assertTrue(r.bytes() < 1024, r + ": a call on the event path allocates");
    }

    /**
     * One of each call the backend makes per event or re-arm, against the recorder, for
     * {@link FreshJvmAllocation}.
     */
    static final class EventPathCalls implements AllocationWorkload {
        private static final int ROUNDS = 5_000;
        private final AfdOs os = WindowsRecorder.load(Binding.FFM);
        private final NativeBuffer iosb = os.allocate(16);
        private final NativeBuffer info = os.allocate(32);
        private final NativeBuffer entries = os.allocate(64);
        private final NativeBuffer removed = os.allocate(4);
        private final NativeBuffer scratch = os.allocate(16);

        EventPathCalls(String unused) {
            WindowsRecorder.functions().fake_set_result(1);
        }

        @Override
        public long window() {
            for (int i = 0; i < ROUNDS; i++) {
                os.ntDeviceIoControlFile(HANDLE, i, iosb, AfdAbi.IOCTL_AFD_POLL, info, info);
                os.getQueuedCompletionStatusEx(HANDLE, entries, 2, removed, 0, false);
                os.postQueuedCompletionStatus(HANDLE, 0, i, 0);
                os.ntCancelIoFileEx(HANDLE, iosb, scratch);
            }
            return 4L * ROUNDS;
        }

        @Override
        public void close() {
            for (NativeBuffer b : new NativeBuffer[] {iosb, info, entries, removed, scratch}) {
                b.close();
            }
        }
    }
}
