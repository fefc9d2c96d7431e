package dev.polling.afd;

import static dev.polling.afd.AfdAbi.AFD_POLL_ABORT;
import static dev.polling.afd.AfdAbi.AFD_POLL_CONNECT_FAIL;
import static dev.polling.afd.AfdAbi.AFD_POLL_LOCAL_CLOSE;
import static dev.polling.afd.AfdAbi.AFD_POLL_RECEIVE;
import static dev.polling.afd.AfdAbi.AFD_POLL_SEND;
import static dev.polling.spi.Interest.BOTH;
import static dev.polling.spi.Interest.NONE;
import static dev.polling.spi.Interest.READABLE;
import static dev.polling.spi.Interest.WRITABLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.polling.Backend;
import dev.polling.PollMode;
import dev.polling.Poller;
import dev.polling.afd.FakeAfdOs.Request;
import dev.polling.spi.Platform;
import dev.polling.spi.PollerBackend;

/**
 * The AFD backend's logic against a fake driver and completion port: the per-socket
 * IDLE/PENDING/CANCELLED machine through every transition, cancel races, re-arm, wake-up, close.
 */
class AfdBackendTest {
    private static final int S = 0x1A4;  // a socket handle value
    private static final int T = 0x1B0;
    private static final int READ_MASK = AfdEvents.maskFor(READABLE) | AFD_POLL_LOCAL_CLOSE;
    private static final int ALL_MASK = AfdEvents.maskFor(BOTH) | AFD_POLL_LOCAL_CLOSE;

    private final FakeAfdOs kernel = new FakeAfdOs();
    private AfdBackend backend;
    private final long[] keys = new long[8];
    private final int[] readiness = new int[8];

    private AfdBackend open() throws IOException {
        backend = new AfdBackend(kernel);
        backend.closeDrainMillis = 50;
        return backend;
    }

    @AfterEach
    void closeBackend() throws IOException {
        if (backend != null) {
            backend.close();
        }
    }

    private int poll() throws IOException {
        return backend.poll(keys, readiness, 0);
    }

    private long requestsFor(int socket) {
        return kernel.requests.stream().filter(r -> r.baseHandle == FakeAfdOs.base(socket)).count();
    }

    // ------------------------------------------------------------------ opening

    @Test
    void shouldOpenAPortAndOneAfdHelperBoundToIt() throws IOException {
        open();
        assertTrue(kernel.calls.contains("CreateIoCompletionPort(" + AfdAbi.INVALID_HANDLE_VALUE + ", 0, 0, 0)"), kernel.calls::toString);
        assertTrue(kernel.calls.contains("NtCreateFile(" + AfdAbi.SYNCHRONIZE + ", " + (AfdAbi.FILE_SHARE_READ | AfdAbi.FILE_SHARE_WRITE)
                + ", " + AfdAbi.FILE_OPEN + ", 0)"), kernel.calls::toString);
        assertEquals(List.of("\\Device\\Afd\\Polling"), kernel.openedNames);
        long helper = kernel.helpersOpened.get(0);
        assertTrue(kernel.calls.contains("CreateIoCompletionPort(" + helper + ", " + FakeAfdOs.PORT + ", " + AfdHelpers.KEY_AFD + ", 0)"));
        assertTrue(kernel.calls.contains("SetFileCompletionNotificationModes(" + helper + ", " + AfdAbi.FILE_SKIP_SET_EVENT_ON_HANDLE + ")"));
        assertTrue(backend.supportsLevel());
        assertFalse(backend.supportsEdge());
    }

    @Test
    void shouldFailToOpenWhenTheAfdDriverCannotBeOpenedAndCloseThePort() {
        kernel.createFileStatus = 0xC0000034; // STATUS_OBJECT_NAME_NOT_FOUND
        IOException e = assertThrows(IOException.class, this::open);
        assertTrue(e.getMessage().startsWith("NtCreateFile(\\Device\\Afd\\Polling): NTSTATUS 0xC0000034, Win32 error 2"),
                e.getMessage());
        assertTrue(kernel.closedHandles.contains(FakeAfdOs.PORT));
    }

    @Test
    void shouldRefuseToOpenOnLinuxAndSayWhy() {
        assumeTrue(Platform.current().os() == Platform.Os.LINUX, "checks the message Linux gives");
        assumeTrue(System.getProperty("polling.afd.library") == null, "an AFD library was given");
        IOException e = assertThrows(IOException.class, () -> Poller.create(Backend.AFD));
        assertTrue(e.getMessage().contains("AFD is not available on Linux: it is the Windows \\Device\\Afd driver"), e.getMessage());
        assertTrue(e.getMessage().contains("-Dpolling.afd.library="), e.getMessage());
    }

    @Test
    void shouldRefuseAForcedAfdBackendOnLinux() {
        assumeTrue(Platform.current().os() == Platform.Os.LINUX, "checks the message Linux gives");
        assumeTrue(System.getProperty("polling.afd.library") == null, "an AFD library was given");
        String previous = System.setProperty("polling.backend", "afd");
        try {
            IOException e = assertThrows(IOException.class, Poller::create);
            assertTrue(e.getMessage().contains("AFD is not available on Linux"), e.getMessage());
        } finally {
            if (previous == null) {
                System.clearProperty("polling.backend");
            } else {
                System.setProperty("polling.backend", previous);
            }
        }
    }

    @Test
    void shouldSayWhichFunctionIsMissingFromAStandInLibrary() {
        assumeTrue(Platform.current().os() == Platform.Os.LINUX, "loads the C library as a stand-in");
        String previous = System.setProperty("polling.afd.library", "c");
        try {
            IOException e = assertThrows(IOException.class, () -> Poller.create(Backend.AFD));
            assertTrue(e.getMessage().contains("AFD is not available: a Windows function is missing"), e.getMessage());
        } finally {
            if (previous == null) {
                System.clearProperty("polling.afd.library");
            } else {
                System.setProperty("polling.afd.library", previous);
            }
        }
    }

    // ------------------------------------------------------------------ registering

    @Test
    void shouldPollTheBaseHandleWithTheInterestMaskOnceThePollStarts() throws IOException {
        open();
        backend.add(S, 7, READABLE, PollMode.ONESHOT);
        assertTrue(kernel.requests.isEmpty(), "queued until the next poll");
        poll();
        Request r = kernel.lastRequest();
        assertEquals(FakeAfdOs.base(S), r.baseHandle);
        assertEquals(READ_MASK, r.mask);
        assertEquals(AfdAbi.IOCTL_AFD_POLL, r.code);
        assertEquals(Long.MAX_VALUE, r.timeout);
        assertEquals(1, r.handles);
        assertEquals(0, r.exclusive);
        assertEquals(kernel.helpersOpened.get(0), r.helper);
        assertNotEquals(0L, r.token);
    }

    @Test
    void shouldPollForSendAndErrorsWhenWritable() throws IOException {
        open();
        backend.add(S, 7, WRITABLE, PollMode.ONESHOT);
        poll();
        assertEquals(AFD_POLL_SEND | AFD_POLL_ABORT | AFD_POLL_CONNECT_FAIL | AFD_POLL_LOCAL_CLOSE, kernel.lastRequest().mask);
    }

    @Test
    void shouldIssueNoRequestForInterestNone() throws IOException {
        open();
        backend.add(S, 7, NONE, PollMode.ONESHOT);
        poll();
        assertTrue(kernel.requests.isEmpty());
    }

    @Test
    void shouldRejectAHandleThatIsNotASocket() throws IOException {
        open();
        kernel.notSockets.add((long) S);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> backend.add(S, 7, READABLE, PollMode.ONESHOT));
        assertTrue(e.getMessage().contains("is not a socket"), e.getMessage());
        assertTrue(e.getMessage().contains("WSAENOTSOCK"), e.getMessage());
        kernel.notSockets.clear();
        backend.add(S, 7, READABLE, PollMode.ONESHOT); // nothing was left registered
    }

    @Test
    void shouldStepThroughALayeredProviderToTheBaseHandle() throws IOException {
        open();
        kernel.lspLayers.put((long) S, (long) T); // SIO_BASE_HANDLE fails on S; the next layer down is T
        backend.add(S, 7, READABLE, PollMode.ONESHOT);
        poll();
        assertEquals(FakeAfdOs.base(T), kernel.lastRequest().baseHandle);
    }

    @Test
    void shouldReportABrokenProviderChain() throws IOException {
        open();
        kernel.lspLayers.put((long) S, (long) S);
        IOException e = assertThrows(IOException.class, () -> backend.add(S, 7, READABLE, PollMode.ONESHOT));
        assertEquals("WSAIoctl(SIO_BASE_HANDLE, socket 420): Win32 error 10022 (WSAEINVAL)", e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(value = PollMode.class, names = {"EDGE", "EDGE_ONESHOT"})
    void shouldRefuseEdgeModes(PollMode mode) throws IOException {
        open();
        assertThrows(UnsupportedOperationException.class, () -> backend.add(S, 7, READABLE, mode));
    }

    @Test
    void shouldApplyARegistrationMadeWhileAPollIsBlockedAtOnce() throws IOException {
        open();
        kernel.duringWait = () -> {
            try {
                backend.add(S, 7, READABLE, PollMode.ONESHOT);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            kernel.complete(S, AFD_POLL_RECEIVE); // possible only if the request was issued already
        };
        assertEquals(1, backend.poll(keys, readiness, -1));
        assertEquals(7, keys[0]);
    }

    @Test
    void shouldSpreadSocketsOverHelpersOf32() throws IOException {
        open();
        for (int i = 0; i < 33; i++) {
            backend.add(0x100 + 4 * i, i, READABLE, PollMode.ONESHOT);
        }
        poll();
        assertEquals(2, kernel.helpersOpened.size());
        long first = kernel.helpersOpened.get(0);
        assertEquals(32, kernel.requests.stream().filter(r -> r.helper == first).count());
        assertEquals(kernel.helpersOpened.get(1), kernel.lastRequest().helper);
    }

    @Test
    void shouldCloseAHelperWhenItsLastSocketIsGoneUnlessItIsTheNewest() throws IOException {
        open();
        for (int i = 0; i < 33; i++) {
            backend.add(0x100 + 4 * i, i, NONE, PollMode.ONESHOT);
        }
        long first = kernel.helpersOpened.get(0);
        for (int i = 0; i < 32; i++) {
            backend.delete(0x100 + 4 * i);
        }
        assertTrue(kernel.closedHandles.contains(first));
        backend.delete(0x100 + 4 * 32);
        assertFalse(kernel.closedHandles.contains(kernel.helpersOpened.get(1)), "the newest stays open for the next socket");
    }

    // ------------------------------------------------------------------ completions

    @Test
    void shouldReportAOneshotEventOnceAndReArmWithOneRequestOnModify() throws IOException {
        open();
        backend.add(S, 7, READABLE, PollMode.ONESHOT);
        poll();
        kernel.complete(S, AFD_POLL_RECEIVE);
        assertEquals(1, poll());
        assertEquals(7, keys[0]);
        assertEquals(READABLE, readiness[0]);
        assertEquals(0, poll());
        assertEquals(1, requestsFor(S), "disarmed: no request until modify");
        backend.modify(S, 8, READABLE, PollMode.ONESHOT);
        poll();
        assertEquals(2, requestsFor(S), "one new request; nothing to cancel");
        assertTrue(kernel.cancels.isEmpty());
        kernel.complete(S, AFD_POLL_RECEIVE);
        assertEquals(1, poll());
        assertEquals(8, keys[0]);
    }

    @Test
    void shouldResubmitTheSameMaskAfterEveryCompletionInLevelMode() throws IOException {
        open();
        backend.add(S, 7, BOTH, PollMode.LEVEL);
        poll();
        for (int i = 0; i < 3; i++) {
            kernel.complete(S, AFD_POLL_SEND);
            assertEquals(1, poll());
            assertEquals(WRITABLE, readiness[0]);
            assertFalse(kernel.isOutstanding(S));
            poll(); // queued by the completion, issued as the next poll starts (a ready socket completes in it)
            assertTrue(kernel.isOutstanding(S), "resubmitted");
            assertEquals(ALL_MASK, kernel.lastRequest().mask);
        }
        assertEquals(4, requestsFor(S));
    }

    @Test
    void shouldMaskResultsByInterestAndKeepPollingWhenNothingIsLeft() throws IOException {
        open();
        backend.add(S, 7, READABLE, PollMode.ONESHOT);
        poll();
        kernel.complete(S, AFD_POLL_SEND);
        assertEquals(0, poll());
        poll();
        assertTrue(kernel.isOutstanding(S), "still armed: polled again");
        kernel.complete(S, AFD_POLL_RECEIVE | AFD_POLL_SEND);
        assertEquals(1, poll());
        assertEquals(READABLE, readiness[0]);
    }

    @Test
    void shouldReportAbortAndConnectFailureAsBothDirectionsOfTheInterest() throws IOException {
        open();
        backend.add(S, 7, BOTH, PollMode.ONESHOT);
        backend.add(T, 8, WRITABLE, PollMode.ONESHOT);
        poll();
        kernel.complete(S, AFD_POLL_ABORT);
        kernel.complete(T, AFD_POLL_CONNECT_FAIL);
        assertEquals(2, poll());
        assertEquals(BOTH, readiness[0]);
        assertEquals(WRITABLE, readiness[1]);
    }

    @Test
    void shouldReportAFailedPollAsReadiness() throws IOException {
        open();
        backend.add(S, 7, READABLE, PollMode.ONESHOT);
        poll();
        kernel.fail(S, 0xC000020C); // STATUS_CONNECTION_DISCONNECTED
        assertEquals(1, poll());
        assertEquals(READABLE, readiness[0]);
    }

    @Test
    void shouldDropASocketWhoseHandleWasClosedOnLocalClose() throws IOException {
        open();
        backend.add(S, 7, READABLE, PollMode.LEVEL);
        poll();
        kernel.complete(S, AFD_POLL_LOCAL_CLOSE | AFD_POLL_RECEIVE);
        assertEquals(0, poll());
        assertFalse(kernel.isOutstanding(S), "not polled again");
        assertEquals(1, requestsFor(S));
        IOException e = assertThrows(IOException.class, () -> backend.modify(S, 7, READABLE, PollMode.LEVEL));
        assertTrue(e.getMessage().contains("closed while registered"), e.getMessage());
        backend.delete(S);
        backend.add(S, 9, READABLE, PollMode.ONESHOT); // the handle value can be registered again
        poll();
        assertEquals(2, requestsFor(S));
    }

    @Test
    void shouldDropASocketClosedBeforeItsRequest() throws IOException {
        open();
        backend.add(S, 7, READABLE, PollMode.ONESHOT);
        kernel.submitStatus = AfdAbi.STATUS_INVALID_HANDLE;
        assertEquals(0, poll());
        kernel.submitStatus = AfdAbi.STATUS_PENDING;
        assertEquals(0, poll());
        assertEquals(1, requestsFor(S), "not retried");
    }

    @Test
    void shouldTurnAFailedRequestIntoAnErrorEventForItsSocket() throws IOException {
        open();
        backend.add(S, 7, WRITABLE, PollMode.ONESHOT);
        kernel.submitStatus = 0xC0000001; // STATUS_UNSUCCESSFUL
        assertEquals(1, poll(), "the failure was posted as the socket's completion");
        assertEquals(WRITABLE, readiness[0]);
        assertEquals(7, keys[0]);
    }

    @Test
    void shouldAcceptSynchronousSuccessAsPendingAndWaitForThePacket() throws IOException {
        open();
        backend.add(S, 7, READABLE, PollMode.ONESHOT);
        kernel.submitStatus = AfdAbi.STATUS_SUCCESS;
        assertEquals(0, poll(), "no inline result: the packet brings it");
        kernel.complete(S, AFD_POLL_RECEIVE);
        assertEquals(1, poll());
    }

    @Test
    void shouldIgnoreACancelledCompletion() throws IOException {
        open();
        backend.add(S, 7, READABLE, PollMode.LEVEL);
        poll();
        kernel.fail(S, AfdAbi.STATUS_CANCELLED);
        assertEquals(0, poll());
        poll();
        assertTrue(kernel.isOutstanding(S), "resubmitted");
    }

    // ------------------------------------------------------------------ cancel

    @Test
    void shouldCancelAndResubmitWhenModifyWidensAPendingMask() throws IOException {
        open();
        backend.add(S, 7, READABLE, PollMode.ONESHOT);
        poll();
        Request first = kernel.lastRequest();
        backend.modify(S, 7, BOTH, PollMode.ONESHOT);
        poll(); // flush: PENDING and SEND not covered → cancel; the cancelled completion comes back
        assertEquals(List.of(FakeAfdOs.base(S)), kernel.cancels);
        assertEquals(List.of(first.helper + " own iosb"), kernel.cancelCalls, "cancelled on its helper, by its own status block");
        assertEquals(0, poll(), "STATUS_CANCELLED reports nothing");
        poll();
        assertEquals(ALL_MASK, kernel.lastRequest().mask, "resubmitted with the wider mask");
        assertTrue(kernel.isOutstanding(S));
    }

    @Test
    void shouldKeepAPendingRequestThatCoversANarrowerInterest() throws IOException {
        open();
        backend.add(S, 7, BOTH, PollMode.ONESHOT);
        poll();
        backend.modify(S, 8, READABLE, PollMode.ONESHOT);
        poll();
        assertTrue(kernel.cancels.isEmpty());
        kernel.complete(S, AFD_POLL_SEND);
        assertEquals(0, poll(), "SEND is masked out now");
        poll();
        assertEquals(READ_MASK, kernel.lastRequest().mask, "and the next request asks for the narrower mask");
    }

    @Test
    void shouldDeliverARealCompletionThatWonTheRaceWithCancel() throws IOException {
        open();
        backend.add(S, 7, READABLE, PollMode.ONESHOT);
        poll();
        kernel.complete(S, AFD_POLL_RECEIVE);     // completed and queued ...
        kernel.cancelStatus = AfdAbi.STATUS_NOT_FOUND;
        backend.modify(S, 8, BOTH, PollMode.ONESHOT); // ... before this cancel could run
        assertEquals(1, poll());
        assertEquals(8, keys[0], "reported under the current registration");
        assertEquals(READABLE, readiness[0]);
    }

    @Test
    void shouldNotCancelARequestWhoseStatusBlockSaysItCompleted() throws IOException {
        open();
        backend.add(S, 7, READABLE, PollMode.ONESHOT);
        poll();
        kernel.complete(S, AFD_POLL_RECEIVE); // the status block is written, the packet not dequeued
        backend.modify(S, 7, BOTH, PollMode.ONESHOT);
        poll();
        assertTrue(kernel.cancels.isEmpty(), "only a request still marked pending is cancelled");
    }

    @Test
    void shouldWaitForTheCancelledCompletionBeforeIssuingAgain() throws IOException {
        open();
        backend.add(S, 7, READABLE, PollMode.ONESHOT);
        poll();
        kernel.cancelQueuesCompletion = false; // the kernel is slow to hand it back
        backend.modify(S, 7, BOTH, PollMode.ONESHOT);
        poll();
        backend.modify(S, 7, WRITABLE, PollMode.ONESHOT);
        poll();
        assertEquals(1, requestsFor(S), "CANCELLED: no second request while the first is outstanding");
        assertEquals(1, kernel.cancels.size());
        kernel.fail(S, AfdAbi.STATUS_CANCELLED);
        poll(); // dequeues the cancelled completion: IDLE, queued
        poll(); // issues the request for the current mask
        assertEquals(2, requestsFor(S));
        assertEquals(AfdEvents.maskFor(WRITABLE) | AFD_POLL_LOCAL_CLOSE, kernel.lastRequest().mask);
    }

    // ------------------------------------------------------------------ delete

    @Test
    void shouldCancelOnDeleteAndFreeTheBlocksOnlyWhenTheCompletionComes() throws IOException {
        open();
        backend.add(S, 7, READABLE, PollMode.ONESHOT);
        poll();
        Request r = kernel.lastRequest();
        kernel.cancelQueuesCompletion = false;
        backend.delete(S);
        assertEquals(List.of(FakeAfdOs.base(S)), kernel.cancels);
        assertFalse(r.iosb.isClosed(), "the kernel may still write it");
        kernel.complete(S, AFD_POLL_RECEIVE); // completion after delete
        assertEquals(0, poll(), "a deleted socket reports nothing");
        assertTrue(r.iosb.isClosed());
        assertTrue(r.info.isClosed());
    }

    @Test
    void shouldFreeAnIdleSocketAtOnceOnDelete() throws IOException {
        open();
        backend.add(S, 7, READABLE, PollMode.ONESHOT);
        poll();
        Request r = kernel.lastRequest();
        kernel.complete(S, AFD_POLL_RECEIVE);
        assertEquals(1, poll());
        backend.delete(S);
        assertTrue(r.iosb.isClosed());
        assertTrue(kernel.cancels.isEmpty());
    }

    @Test
    void shouldLetAReAddedSocketWaitForItsPredecessorsRequest() throws IOException {
        open();
        backend.add(S, 7, READABLE, PollMode.ONESHOT);
        poll();
        kernel.cancelQueuesCompletion = false;
        backend.delete(S);
        backend.add(S, 9, READABLE, PollMode.ONESHOT);
        poll(); // the fake fails the test if two requests for S are outstanding
        assertEquals(1, requestsFor(S));
        kernel.fail(S, AfdAbi.STATUS_CANCELLED);
        assertEquals(0, poll());
        poll();
        assertEquals(2, requestsFor(S), "issued once the old one was handed back");
        kernel.complete(S, AFD_POLL_RECEIVE);
        assertEquals(1, poll());
        assertEquals(9, keys[0]);
    }

    @Test
    void shouldIgnoreACompletionWithAnUnknownToken() throws IOException {
        open();
        kernel.packets.add(new long[] {AfdHelpers.KEY_AFD, 999});
        kernel.packets.add(new long[] {77, 1});
        assertEquals(0, poll());
    }

    // ------------------------------------------------------------------ waiting

    @Test
    void shouldWaitInRoundedUpMillisecondsForNoMoreThanTheCallerCanStore() throws IOException {
        open();
        backend.poll(new long[3], new int[3], 0);
        backend.poll(keys, readiness, 1);
        backend.poll(keys, readiness, 1_500_000);
        backend.poll(keys, readiness, -1);
        backend.poll(keys, readiness, Long.MAX_VALUE);
        assertEquals(List.of(0, 1, 2, AfdAbi.INFINITE, Integer.MAX_VALUE), kernel.waitMillis);
        assertEquals(3, kernel.waitCounts.get(0));
        long[] many = new long[AfdBackend.MAX_BATCH + 5];
        backend.poll(many, new int[many.length], 0);
        assertEquals(AfdBackend.MAX_BATCH, kernel.waitCounts.get(5));
    }

    @Test
    void shouldReportWaitFailuresOtherThanTimeout() throws IOException {
        open();
        kernel.waitError = 87;
        IOException e = assertThrows(IOException.class, this::poll);
        assertEquals("GetQueuedCompletionStatusEx(): Win32 error 87 (ERROR_INVALID_PARAMETER)", e.getMessage());
        kernel.waitError = AfdAbi.ERROR_ABANDONED_WAIT_0;
        assertEquals(0, poll());
    }

    // ------------------------------------------------------------------ wake-up and close

    @Test
    void shouldPostOneWakePacketForManyWakeups() throws IOException {
        open();
        backend.wakeup();
        backend.wakeup();
        assertTrue(kernel.calls.contains("PostQueuedCompletionStatus(" + FakeAfdOs.PORT + ", 0, " + AfdBackend.KEY_WAKE + ", 0)"));
        assertEquals(1, kernel.wakePosts);
        assertEquals(PollerBackend.WOKEN, backend.poll(keys, readiness, -1));
        backend.wakeup();
        assertEquals(2, kernel.wakePosts);
    }

    @Test
    void shouldPreferEventsToWoken() throws IOException {
        open();
        backend.add(S, 7, READABLE, PollMode.ONESHOT);
        poll();
        backend.wakeup();
        kernel.complete(S, AFD_POLL_RECEIVE);
        assertEquals(1, poll());
    }

    @Test
    void shouldCancelEverythingDrainAndFreeOnClose() throws IOException {
        open();
        backend.add(S, 7, READABLE, PollMode.ONESHOT);
        backend.add(T, 8, READABLE, PollMode.ONESHOT);
        poll();
        Request rs = kernel.requests.get(0);
        Request rt = kernel.requests.get(1);
        backend.close();
        backend = null;
        assertTrue(rs.iosb.isClosed() && rt.iosb.isClosed(), "freed after their completions were drained");
        assertTrue(kernel.closedHandles.contains(kernel.helpersOpened.get(0)));
        assertEquals(FakeAfdOs.PORT, (long) kernel.closedHandles.get(kernel.closedHandles.size() - 1), "the port last");
        backendWakeupAfterCloseDoesNothing();
    }

    private void backendWakeupAfterCloseDoesNothing() {
        assertEquals(0, kernel.wakePosts);
    }

    @Test
    void shouldLeakRatherThanFreeBlocksTheKernelNeverHandsBack() throws IOException {
        open();
        backend.add(S, 7, READABLE, PollMode.ONESHOT);
        poll();
        Request r = kernel.lastRequest();
        kernel.cancelQueuesCompletion = false;
        kernel.outstanding.clear(); // closing the helper will not complete it either
        AfdBackend b = backend;
        backend = null;
        b.close();
        assertFalse(r.iosb.isClosed(), "never freed under the kernel");
        assertTrue(kernel.closedHandles.contains(FakeAfdOs.PORT));
        b.wakeup();
        assertEquals(0, kernel.wakePosts);
    }
}
