package dev.polling.afd;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.polling.spi.NativeBuffer;
import dev.polling.testsupport.HeapBuffer;

/**
 * A fake kernel behind {@link AfdOs} that behaves like the AFD driver and an I/O completion
 * port as far as the backend can tell: requests stay outstanding until the test completes them,
 * a completion writes the status block and poll info and queues a packet, a cancel queues a
 * STATUS_CANCELLED completion, and GetQueuedCompletionStatusEx dequeues packets. It fails the
 * test if two requests for one socket are ever outstanding at once. Errors follow {@link AfdOs}'s
 * convention ({@code -GetLastError()}, NTSTATUS). Memory is {@link HeapBuffer}, found again by its
 * address when a struct points to another.
 */
final class FakeAfdOs implements AfdOs {
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

    /** Calls worth checking by their arguments, as {@code "name(args)"}. */
    final List<String> calls = new ArrayList<>();
    /** The helper handle each NtCancelIoFileEx named, and whether its status block was the request's own. */
    final List<String> cancelCalls = new ArrayList<>();
    /** Every buffer handed out, by its address, so that pointers inside structs can be followed. */
    private final Map<Long, HeapBuffer> memory = new HashMap<>();
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

    @Override
    public synchronized NativeBuffer allocate(long size) {
        HeapBuffer b = HeapBuffer.allocate(size);
        memory.put(b.address(), b);
        return b;
    }

    @Override
    public long createIoCompletionPort(long file, long existingPort, long key, int threads) {
        calls.add("CreateIoCompletionPort(" + file + ", " + existingPort + ", " + key + ", " + threads + ")");
        return PORT;
    }

    @Override
    public int setFileCompletionNotificationModes(long handle, int flags) {
        calls.add("SetFileCompletionNotificationModes(" + handle + ", " + flags + ")");
        return 0;
    }

    @Override
    public int closeHandle(long h) {
        closedHandles.add(h);
        if (h != PORT) { // closing a helper cancels what is outstanding on it
            for (Request r : new ArrayList<>(outstanding.values())) {
                if (r.helper == h) {
                    finish(r, AfdAbi.STATUS_CANCELLED, 0);
                }
            }
        }
        return 0;
    }

    @Override
    public int rtlNtStatusToDosError(int status) {
        return status == AfdAbi.STATUS_INVALID_HANDLE ? AfdAbi.ERROR_INVALID_HANDLE : status == 0xC0000034 ? 2 : 317;
    }

    @Override
    public int ntCreateFile(NativeBuffer handleOut, int access, NativeBuffer attributes, NativeBuffer iosb, int shareAccess,
                            int createDisposition, int createOptions) {
        calls.add("NtCreateFile(" + access + ", " + shareAccess + ", " + createDisposition + ", " + createOptions + ")");
        openedNames.add(objectName(attributes));
        if (createFileStatus != 0) {
            return createFileStatus;
        }
        long h = FIRST_HELPER + helpersOpened.size();
        helpersOpened.add(h);
        handleOut.putLong(0, h);
        return 0;
    }

    @Override
    public int wsaIoctl(long socket, int code, NativeBuffer out, NativeBuffer bytesReturned) {
        if (notSockets.contains(socket)) {
            return -AfdAbi.WSAENOTSOCK;
        }
        if (code == AfdAbi.SIO_BASE_HANDLE) {
            if (lspLayers.containsKey(socket)) {
                return -10022; // WSAEINVAL: a Komodia-style LSP
            }
            out.putLong(0, socket + BASE_OFFSET);
            return 0;
        }
        if (code == AfdAbi.SIO_BSP_HANDLE_POLL && lspLayers.containsKey(socket)) {
            out.putLong(0, lspLayers.get(socket));
            return 0;
        }
        return -10022;
    }

    @Override
    public int ntDeviceIoControlFile(long file, long apcContext, NativeBuffer iosb, int ioControlCode, NativeBuffer in,
                                     NativeBuffer out) {
        Request r = new Request(file, apcContext, iosb, ioControlCode, in);
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
    }

    @Override
    public int ntCancelIoFileEx(long file, NativeBuffer iosb, NativeBuffer scratchIosb) {
        Request r = outstanding.values().stream().filter(q -> q.iosb == iosb).findFirst().orElse(null);
        cancelCalls.add(file + (r != null && r.helper == file ? " own iosb" : " other iosb"));
        cancels.add(r == null ? -1 : r.baseHandle);
        if (cancelStatus == AfdAbi.STATUS_SUCCESS && r != null && cancelQueuesCompletion) {
            finish(r, AfdAbi.STATUS_CANCELLED, 0);
        }
        return cancelStatus;
    }

    @Override
    public int postQueuedCompletionStatus(long port, int bytes, long key, long overlapped) {
        posts++;
        calls.add("PostQueuedCompletionStatus(" + port + ", " + bytes + ", " + key + ", " + overlapped + ")");
        if (key == AfdBackend.KEY_WAKE) {
            wakePosts++;
        }
        packets.add(new long[] {key, overlapped});
        return 0;
    }

    @Override
    public int getQueuedCompletionStatusEx(long port, NativeBuffer entries, int count, NativeBuffer removed, int millis,
                                           boolean alertable) {
        waitMillis.add(millis);
        waitCounts.add(count);
        if (alertable) {
            throw new AssertionError("alertable waits are never used");
        }
        if (duringWait != null) {
            Runnable r = duringWait;
            duringWait = null;
            r.run();
        }
        if (waitError != 0) {
            return -waitError;
        }
        int n = 0;
        while (n < count && !packets.isEmpty()) {
            long[] p = packets.poll();
            OverlappedEntryLayout.put(entries, n++, p[0], p[1], 0, 0);
        }
        if (n == 0) {
            return -AfdAbi.WAIT_TIMEOUT;
        }
        removed.putInt(0, n);
        return 0;
    }

    /** The name an {@code OBJECT_ATTRIBUTES} points to, decoded from its {@code UNICODE_STRING}; checks the lengths. */
    String objectName(NativeBuffer attributes) {
        if (attributes.getInt(ObjectAttributesLayout.LENGTH) != 48) {
            throw new AssertionError("OBJECT_ATTRIBUTES.Length must be 48");
        }
        NativeBuffer string = pointee(attributes.getLong(ObjectAttributesLayout.OBJECT_NAME));
        int length = string.getShort(UnicodeStringLayout.LENGTH) & 0xFFFF;
        int maximum = string.getShort(UnicodeStringLayout.MAXIMUM_LENGTH) & 0xFFFF;
        NativeBuffer chars = pointee(string.getLong(UnicodeStringLayout.BUFFER));
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length / 2; i++) {
            sb.append((char) chars.getShort(2L * i));
        }
        if (maximum != length + 2 || chars.getShort(length) != 0) {
            throw new AssertionError("UNICODE_STRING lengths " + length + "/" + maximum + " or missing NUL");
        }
        return sb.toString();
    }

    private synchronized NativeBuffer pointee(long address) {
        HeapBuffer b = memory.get(address);
        if (b == null) {
            throw new AssertionError("a pointer to memory this fake never handed out: 0x" + Long.toHexString(address));
        }
        return b;
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
