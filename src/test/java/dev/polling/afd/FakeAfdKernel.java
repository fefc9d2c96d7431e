package dev.polling.afd;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.polling.spi.NativeBuffer;

/**
 * A Mockito-mocked {@link WindowsSystem} that behaves like the AFD driver and an I/O completion
 * port as far as the backend can tell: requests stay outstanding until the test completes them,
 * a completion writes the status block and poll info and queues a packet, a cancel queues a
 * STATUS_CANCELLED completion, and GetQueuedCompletionStatusEx dequeues packets. It fails the
 * test if two requests for one socket are ever outstanding at once.
 */
final class FakeAfdKernel {
    /** One IOCTL_AFD_POLL request. */
    static final class Request {
        final long helper;
        final long token;
        final NativeBuffer iosb;
        final NativeBuffer info;
        final long baseHandle;
        final int mask;
        final int code;
        final long timeout;
        final int handles;
        final int exclusive;

        Request(long helper, long token, NativeBuffer iosb, int code, NativeBuffer info) {
            this.helper = helper;
            this.token = token;
            this.iosb = iosb;
            this.info = info;
            this.code = code;
            this.baseHandle = AfdPollInfoLayout.handle(info);
            this.mask = AfdPollInfoLayout.events(info);
            this.timeout = AfdPollInfoLayout.timeout(info);
            this.handles = AfdPollInfoLayout.numberOfHandles(info);
            this.exclusive = AfdPollInfoLayout.exclusive(info);
        }
    }

    static final long PORT = 0x1000;
    static final long FIRST_HELPER = 0x2000;
    static final long BASE_OFFSET = 0x10000;

    final WindowsSystem sys = mock(WindowsSystem.class);
    final List<Request> requests = new ArrayList<>();
    /** Outstanding requests by base handle. */
    final Map<Long, Request> outstanding = new LinkedHashMap<>();
    final Deque<long[]> packets = new ArrayDeque<>();
    final List<Long> cancels = new ArrayList<>();
    final List<Long> closedHandles = new ArrayList<>();
    final List<Long> helpersOpened = new ArrayList<>();
    final List<Integer> waitMillis = new ArrayList<>();
    final List<Integer> waitCounts = new ArrayList<>();
    final List<String> openedNames = new ArrayList<>();
    int lastError;
    int createFileStatus;
    int submitStatus = AfdAbi.STATUS_PENDING;
    /** What NtCancelIoFileEx answers; NOT_FOUND means "it completed first" (the packet is queued already). */
    int cancelStatus = AfdAbi.STATUS_SUCCESS;
    boolean cancelQueuesCompletion = true;
    int waitError;
    Runnable duringWait;
    int posts;
    int wakePosts;
    /** Socket handles that are not sockets, and handles whose SIO_BASE_HANDLE fails (a broken LSP) → the next layer. */
    final List<Long> notSockets = new ArrayList<>();
    final Map<Long, Long> lspLayers = new LinkedHashMap<>();

    FakeAfdKernel() {
        when(sys.createIoCompletionPort(anyLong(), anyLong(), anyLong(), anyInt())).thenAnswer(inv -> {
            long file = inv.getArgument(0);
            return file == AfdAbi.INVALID_HANDLE_VALUE ? PORT : PORT;
        });
        when(sys.setFileCompletionNotificationModes(anyLong(), anyInt())).thenReturn(1);
        when(sys.closeHandle(anyLong())).thenAnswer(inv -> {
            long h = inv.getArgument(0);
            closedHandles.add(h);
            if (h != PORT) { // closing a helper cancels what is outstanding on it
                for (Request r : new ArrayList<>(outstanding.values())) {
                    if (r.helper == h) {
                        finish(r, AfdAbi.STATUS_CANCELLED, 0);
                    }
                }
            }
            return 1;
        });
        when(sys.lastError()).thenAnswer(inv -> lastError);
        when(sys.rtlNtStatusToDosError(anyInt())).thenAnswer(inv -> {
            int status = inv.getArgument(0);
            return status == AfdAbi.STATUS_INVALID_HANDLE ? AfdAbi.ERROR_INVALID_HANDLE : status == 0xC0000034 ? 2 : 317;
        });
        when(sys.ntCreateFile(any(), anyInt(), any(), any(), anyInt(), anyInt(), anyInt())).thenAnswer(inv -> {
            NativeBuffer handleOut = inv.getArgument(0);
            NativeBuffer attributes = inv.getArgument(2);
            openedNames.add(NativeMemory.objectName(attributes));
            if (createFileStatus != 0) {
                return createFileStatus;
            }
            long h = FIRST_HELPER + helpersOpened.size();
            helpersOpened.add(h);
            handleOut.putLong(0, h);
            return 0;
        });
        when(sys.wsaIoctl(anyLong(), anyInt(), any(), any())).thenAnswer(inv -> {
            long socket = inv.getArgument(0);
            int code = inv.getArgument(1);
            NativeBuffer out = inv.getArgument(2);
            if (notSockets.contains(socket)) {
                lastError = AfdAbi.WSAENOTSOCK;
                return AfdAbi.SOCKET_ERROR;
            }
            if (code == AfdAbi.SIO_BASE_HANDLE) {
                if (lspLayers.containsKey(socket)) {
                    lastError = 10022; // WSAEINVAL: a Komodia-style LSP
                    return AfdAbi.SOCKET_ERROR;
                }
                out.putLong(0, socket + BASE_OFFSET);
                return 0;
            }
            if (code == AfdAbi.SIO_BSP_HANDLE_POLL && lspLayers.containsKey(socket)) {
                out.putLong(0, lspLayers.get(socket));
                return 0;
            }
            return AfdAbi.SOCKET_ERROR;
        });
        when(sys.ntDeviceIoControlFile(anyLong(), anyLong(), any(), anyInt(), any(), any())).thenAnswer(inv -> {
            Request r = new Request(inv.getArgument(0), inv.getArgument(1), inv.getArgument(2), inv.getArgument(3),
                    inv.getArgument(4));
            requests.add(r);
            if (IoStatusBlockLayout.status(r.iosb) != AfdAbi.STATUS_PENDING) {
                throw new AssertionError("the status block must say STATUS_PENDING before the request is issued");
            }
            if (submitStatus != AfdAbi.STATUS_PENDING && submitStatus != AfdAbi.STATUS_SUCCESS) {
                return submitStatus;
            }
            if (outstanding.containsKey(r.baseHandle)) {
                throw new AssertionError("two IOCTL_AFD_POLL requests outstanding for base handle " + r.baseHandle);
            }
            outstanding.put(r.baseHandle, r);
            return submitStatus;
        });
        when(sys.ntCancelIoFileEx(anyLong(), any(), any())).thenAnswer(inv -> {
            NativeBuffer iosb = inv.getArgument(1);
            Request r = outstanding.values().stream().filter(q -> q.iosb == iosb).findFirst().orElse(null);
            cancels.add(r == null ? -1 : r.baseHandle);
            if (cancelStatus == AfdAbi.STATUS_SUCCESS && r != null && cancelQueuesCompletion) {
                finish(r, AfdAbi.STATUS_CANCELLED, 0);
            }
            return cancelStatus;
        });
        when(sys.postQueuedCompletionStatus(anyLong(), anyInt(), anyLong(), anyLong())).thenAnswer(inv -> {
            posts++;
            long key = inv.getArgument(2);
            if (key == AfdBackend.KEY_WAKE) {
                wakePosts++;
            }
            packets.add(new long[] {key, inv.getArgument(3)});
            return 1;
        });
        when(sys.getQueuedCompletionStatusEx(anyLong(), any(), anyInt(), any(), anyInt(), anyBoolean())).thenAnswer(inv -> {
            waitMillis.add(inv.getArgument(4));
            waitCounts.add(inv.getArgument(2));
            if (Boolean.TRUE.equals(inv.getArgument(5))) {
                throw new AssertionError("alertable waits are never used");
            }
            if (duringWait != null) {
                Runnable r = duringWait;
                duringWait = null;
                r.run();
            }
            if (waitError != 0) {
                lastError = waitError;
                return 0;
            }
            NativeBuffer entries = inv.getArgument(1);
            NativeBuffer removed = inv.getArgument(3);
            int max = inv.getArgument(2);
            int n = 0;
            while (n < max && !packets.isEmpty()) {
                long[] p = packets.poll();
                OverlappedEntryLayout.put(entries, n++, p[0], p[1], 0, 0);
            }
            if (n == 0) {
                lastError = AfdAbi.WAIT_TIMEOUT;
                return 0;
            }
            removed.putInt(0, n);
            return 1;
        });
    }

    /** The base handle the fake gives socket {@code socket}. */
    static long base(int socket) {
        return socket + BASE_OFFSET;
    }

    Request lastRequest() {
        return requests.get(requests.size() - 1);
    }

    /** The outstanding request of {@code socket} completes with AFD events {@code events}. */
    void complete(int socket, int events) {
        Request r = outstanding.get(base(socket));
        if (r == null) {
            throw new AssertionError("no request outstanding for socket " + socket);
        }
        finish(r, AfdAbi.STATUS_SUCCESS, events);
    }

    /** The outstanding request of {@code socket} completes with {@code status}. */
    void fail(int socket, int status) {
        finish(outstanding.get(base(socket)), status, 0);
    }

    boolean isOutstanding(int socket) {
        return outstanding.containsKey(base(socket));
    }

    private void finish(Request r, int status, int events) {
        outstanding.remove(r.baseHandle);
        IoStatusBlockLayout.setStatus(r.iosb, status);
        r.info.putInt(AfdPollInfoLayout.NUMBER_OF_HANDLES, status == AfdAbi.STATUS_SUCCESS ? 1 : 0);
        r.info.putInt(AfdPollInfoLayout.EVENTS, events);
        packets.add(new long[] {AfdHelpers.KEY_AFD, r.token});
    }
}
