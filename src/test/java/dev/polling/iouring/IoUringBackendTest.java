package dev.polling.iouring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.polling.PollMode;
import dev.polling.iouring.FakeIoUringKernel.Enter;
import dev.polling.iouring.FakeIoUringKernel.Sqe;
import dev.polling.spi.NativeBuffer;
import dev.polling.spi.ChannelDescriptors;
import dev.polling.spi.Interest;
import dev.polling.spi.PollerBackend;

/** The IO_URING backend's ring logic against {@link FakeIoUringKernel}: what it submits, when, and what it reports. */
class IoUringBackendTest {
    private static final int R = Interest.READABLE;
    private static final long FOREVER = -1;
    private static final long NOW = 0;

    private final FakeIoUringKernel kernel = new FakeIoUringKernel();
    private final long[] keys = new long[16];
    private final int[] readiness = new int[16];
    private final List<Pipe> pipes = new ArrayList<>();
    private IoUringBackend backend;

    private IoUringBackend open(int sq, int cq) throws IOException {
        backend = IoUringBackend.open(kernel, sq, cq);
        return backend;
    }

    private IoUringBackend open() throws IOException {
        return open(8, 16);
    }

    @AfterEach
    void close() throws IOException {
        if (backend != null) {
            backend.close();
        }
        for (Pipe p : pipes) {
            p.source().close();
            p.sink().close();
        }
    }

    private void addRaw(int fd, long key, PollMode mode) throws IOException {
        kernel.openDescriptor(fd);
        backend.add(fd, key, R, mode);
    }

    private int poll(long timeoutNanos) throws IOException {
        return backend.poll(keys, readiness, timeoutNanos);
    }

    private Set<Long> keysOf(int n) {
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < n; i++) {
            seen.add(keys[i]);
        }
        return seen;
    }

    private int enters() {
        return kernel.enters.size();
    }

    private Enter lastEnter() {
        return kernel.enters.get(kernel.enters.size() - 1);
    }

    private List<Sqe> submittedSince(int from) {
        return new ArrayList<>(kernel.submitted.subList(from, kernel.submitted.size()));
    }

    @Test
    void shouldSubmitAReArmMadeBetweenPollsWithTheNextPollsOwnWait() throws IOException {
        open();
        addRaw(5, 1, PollMode.ONESHOT);
        int before = enters();
        assertEquals(0, kernel.requestsOn(5), "nothing goes to the kernel before the poll");

        kernel.onWait.add(() -> kernel.setReady(5, IoUringAbi.POLLIN));
        assertEquals(1, poll(FOREVER));
        assertEquals(1, keys[0]);
        assertEquals(R, readiness[0]);
        assertEquals(before + 1, enters(), "one io_uring_enter submitted the request and waited");
        Enter wait = lastEnter();
        assertEquals(1, wait.toSubmit());
        assertEquals(1, wait.minComplete());
        assertEquals(IoUringAbi.IORING_ENTER_GETEVENTS, wait.flags());

        backend.modify(5, 2, R, PollMode.ONESHOT); // still ready: the re-armed request completes at once
        assertEquals(before + 1, enters(), "modify between polls makes no system call");
        assertEquals(1, poll(FOREVER));
        assertEquals(2, keys[0]);
        assertEquals(before + 2, enters(), "the re-arm rode on the poll's own io_uring_enter");
    }

    @Test
    void shouldMakeNoSystemCallWhenCompletionsAreThereAndNothingIsQueued() throws IOException {
        open();
        addRaw(5, 1, PollMode.ONESHOT);
        addRaw(6, 2, PollMode.ONESHOT);
        poll(NOW); // submits both requests
        kernel.setReady(5, IoUringAbi.POLLIN);
        kernel.setReady(6, IoUringAbi.POLLIN);
        int before = enters();

        long[] oneKey = new long[1];
        int[] oneReadiness = new int[1];
        assertEquals(1, backend.poll(oneKey, oneReadiness, FOREVER));
        long first = oneKey[0];
        assertEquals(1, backend.poll(oneKey, oneReadiness, FOREVER));
        assertEquals(Set.of(1L, 2L), Set.of(first, oneKey[0]));
        assertEquals(before, enters(), "completions already in the ring are read without io_uring_enter");
    }

    @Test
    void shouldLetTheEventLoopsReArmsWaitWhileCompletionsKeepComingButNotLong() throws IOException {
        open(64, 64);
        for (int fd = 10; fd < 10 + IoUringBackend.LAZY_POLLS + 2; fd++) {
            addRaw(fd, fd, PollMode.ONESHOT);
        }
        poll(NOW); // every request in the kernel
        kernel.setReady(10, IoUringAbi.POLLIN);
        assertEquals(1, poll(FOREVER));
        backend.modify(10, 10, R, PollMode.ONESHOT); // the event loop re-arms; the source is still ready
        int before = enters();
        int polls = 0;
        boolean reported = false;
        for (int fd = 11; fd < 10 + IoUringBackend.LAZY_POLLS + 2 && !reported; fd++) {
            kernel.setReady(fd, IoUringAbi.POLLIN); // another source's completion waits in the ring
            int n = poll(FOREVER);
            polls++;
            reported = keysOf(n).contains(10L);
        }
        assertTrue(reported, "the re-armed source was not reported within " + IoUringBackend.LAZY_POLLS + " polls");
        assertEquals(IoUringBackend.LAZY_POLLS, polls, "reported once the re-arm had waited LAZY_POLLS polls, not before");
        assertEquals(before + 1, enters(), "one io_uring_enter for all those polls, made only when the re-arm was due");
        assertEquals(0, lastEnter().minComplete(), "completions were there: submit, do not wait");
    }

    @Test
    void shouldSubmitLazyReArmsOnceEnoughHavePiledUp() throws IOException {
        open(256, 256);
        int sources = IoUringBackend.LAZY_BATCH + 1;
        for (int fd = 10; fd < 10 + sources; fd++) {
            addRaw(fd, fd, PollMode.ONESHOT);
        }
        addRaw(500, 500, PollMode.EDGE);
        poll(NOW);
        for (int fd = 10; fd < 10 + sources; fd++) {
            kernel.setReady(fd, IoUringAbi.POLLIN);
        }
        long[] many = new long[sources];
        int[] manyReadiness = new int[sources];
        assertEquals(sources, backend.poll(many, manyReadiness, FOREVER));
        for (int fd = 10; fd < 10 + IoUringBackend.LAZY_BATCH; fd++) {
            kernel.setReady(fd, 0);
            backend.modify(fd, fd, R, PollMode.ONESHOT);
        }
        kernel.wake(500, IoUringAbi.POLLIN); // completions keep coming
        int before = enters();
        assertEquals(1, poll(FOREVER));
        assertEquals(before + 1, enters(), "LAZY_BATCH re-arms went in without waiting for LAZY_POLLS polls");
        assertEquals(1, kernel.requestsOn(10));
    }

    @Test
    void shouldNeverLetALevelReArmOrAnotherThreadsReArmWait() throws Exception {
        open();
        addRaw(5, 1, PollMode.LEVEL);
        addRaw(6, 2, PollMode.EDGE);
        addRaw(7, 3, PollMode.ONESHOT);
        kernel.setReady(5, IoUringAbi.POLLIN);
        assertEquals(1, poll(NOW));
        kernel.wake(6, IoUringAbi.POLLIN); // a completion is there at the next poll
        assertEquals(2, poll(FOREVER), "the level source, still ready, is reported at every poll");

        Thread other = new Thread(() -> {
            try {
                backend.modify(7, 4, R, PollMode.ONESHOT);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        other.start();
        other.join();
        assertEquals(1, kernel.requestsOn(7), "another thread's re-arm is submitted by that thread");
    }

    @Test
    void shouldKeepEveryIndexRightAcrossTheWrapOf32Bits() throws IOException {
        kernel.startIndex = -7; // both rings cross 2^32 within a few entries
        open(4, 4);
        addRaw(5, 50, PollMode.ONESHOT);
        addRaw(6, 60, PollMode.LEVEL);
        for (int round = 0; round < 40; round++) {
            kernel.setReady(5, IoUringAbi.POLLIN);
            kernel.setReady(6, IoUringAbi.POLLIN);
            int n = poll(FOREVER);
            Set<Long> seen = keysOf(n);
            assertTrue(seen.contains(60L), "level source not reported in round " + round + ": " + seen);
            assertTrue(n <= 2, "round " + round);
            if (seen.contains(50L)) {
                backend.modify(5, 50, R, PollMode.ONESHOT);
            }
            kernel.setReady(5, 0);
        }
    }

    @Test
    void shouldDeliverEveryCompletionOnceWhenTheRingOverflows() throws IOException {
        open(8, 8); // eight completion slots; the kernel keeps the rest on its overflow list (NODROP)
        for (int fd = 10; fd < 20; fd++) {
            addRaw(fd, fd, PollMode.ONESHOT);
        }
        poll(NOW);
        poll(NOW); // ten requests in the kernel
        for (int fd = 10; fd < 20; fd++) {
            kernel.setReady(fd, IoUringAbi.POLLIN);
        }
        assertEquals(2, kernel.pendingCompletions() - kernel.cqEntries(), "two completions overflowed");
        int before = enters();
        int n = poll(NOW);
        assertEquals(10, n, "eight from the ring, two flushed from the overflow list in the same poll");
        assertEquals(10, keysOf(n).size());
        assertEquals(before + 1, enters());
        Enter flush = lastEnter();
        assertEquals(0, flush.toSubmit());
        assertEquals(0, flush.minComplete());
        assertEquals(IoUringAbi.IORING_ENTER_GETEVENTS, flush.flags(), "flushed without waiting");
        assertEquals(0, kernel.pendingCompletions());
        assertEquals(0, poll(NOW));
    }

    @Test
    void shouldSubmitEverythingInOrderWhenTheKernelTakesOneEntryPerCall() throws IOException {
        open();
        kernel.submitLimit = 1;
        for (int fd = 10; fd < 15; fd++) {
            kernel.setReady(fd, IoUringAbi.POLLIN);
            addRaw(fd, fd, PollMode.ONESHOT);
        }
        int from = kernel.submitted.size();
        Set<Long> seen = new HashSet<>();
        for (int polls = 0; polls < 20 && seen.size() < 5; polls++) {
            int n = poll(NOW);
            for (int i = 0; i < n; i++) {
                assertTrue(seen.add(keys[i]));
            }
        }
        assertEquals(Set.of(10L, 11L, 12L, 13L, 14L), seen);
        assertEquals(List.of(10, 11, 12, 13, 14), submittedSince(from).stream().map(Sqe::fd).collect(Collectors.toList()),
                "entries left in the ring by a partial submission go in later, in order");
    }

    @Test
    void shouldCancelAnArmedRequestBeforeArmingItsReplacementAndDropItsCompletion() throws IOException {
        open();
        addRaw(5, 1, PollMode.EDGE);
        poll(NOW);
        long oldTag = kernel.requestOn(5);
        int from = kernel.submitted.size();

        backend.modify(5, 2, R, PollMode.LEVEL);
        assertEquals(0, poll(NOW), "the cancelled request's -ECANCELED completion is not an event");
        List<Sqe> sqes = submittedSince(from);
        assertEquals(2, sqes.size(), "remove then add: " + sqes);
        assertTrue(sqes.get(0).isPollRemove());
        assertEquals(oldTag, sqes.get(0).addr());
        assertTrue(sqes.get(1).isPollAdd());
        assertFalse(sqes.get(1).multishot(), "LEVEL is a single-shot request");
        assertTrue(sqes.get(1).userData() != oldTag, "the replacement carries a new generation");

        kernel.setReady(5, IoUringAbi.POLLIN);
        assertEquals(1, poll(NOW));
        assertEquals(2, keys[0]);
    }

    @Test
    void shouldDropACompletionOfTheRegistrationAModifyReplaced() throws IOException {
        open();
        addRaw(5, 1, PollMode.ONESHOT);
        poll(NOW);
        kernel.setReady(5, IoUringAbi.POLLIN); // completes in the kernel with the old tag, not yet read

        backend.modify(5, 2, R, PollMode.ONESHOT);
        int n = poll(NOW);
        assertEquals(1, n, "exactly one event, under the new key");
        assertEquals(2, keys[0]);
        assertEquals(0, poll(NOW));
    }

    @Test
    void shouldSubmitAgainARequestTheKernelCancelledForItsExitingThread() throws IOException {
        open();
        addRaw(5, 1, PollMode.ONESHOT);
        poll(NOW);
        kernel.cancel(5, IoUringErrors.ECANCELED); // the thread that submitted it exited
        assertEquals(0, poll(NOW), "a cancellation is no event");
        assertEquals(1, kernel.requestsOn(5), "the cancelled request was submitted again");
        kernel.setReady(5, IoUringAbi.POLLIN);
        assertEquals(1, poll(NOW));
        assertEquals(1, keys[0]);
    }

    @Test
    void shouldMergeAMultishotBurstIntoOneEdgeEventAndReArmWhenTheKernelEndsIt() throws IOException {
        open();
        addRaw(5, 1, PollMode.EDGE);
        poll(NOW);
        Sqe add = kernel.submitted.get(kernel.submitted.size() - 1);
        assertTrue(add.isPollAdd() && add.multishot(), "EDGE is a multishot request");

        kernel.wake(5, IoUringAbi.POLLIN);
        kernel.wake(5, IoUringAbi.POLLIN);
        kernel.wake(5, IoUringAbi.POLLIN | IoUringAbi.POLLHUP);
        assertEquals(1, poll(NOW), "three completions of one source in one poll are one event");
        assertEquals(Interest.READABLE, readiness[0]);
        assertEquals(0, poll(NOW));

        int from = kernel.submitted.size();
        kernel.endMultishot(5, IoUringAbi.POLLIN); // a last completion without IORING_CQE_F_MORE
        assertEquals(1, poll(NOW), "the last completion is still an event");
        poll(NOW);
        assertEquals(1, kernel.requestsOn(5), "re-armed after the kernel ended the request");
        assertTrue(submittedSince(from).stream().anyMatch(s -> s.isPollAdd() && s.fd() == 5 && s.multishot()));
    }

    @Test
    void shouldQueueALevelReArmForTheNextPoll() throws IOException {
        open();
        addRaw(5, 1, PollMode.LEVEL);
        kernel.setReady(5, IoUringAbi.POLLIN);
        assertEquals(1, poll(NOW));
        assertEquals(0, kernel.requestsOn(5));
        assertEquals(0, kernel.unsubmitted(), "the level re-arm waits in the queue, not in the ring");
        int before = enters();
        assertEquals(1, poll(FOREVER), "still ready: reported again");
        assertEquals(before + 1, enters(), "the re-arm rode on the wait");
        kernel.setReady(5, 0);
        assertEquals(0, poll(NOW), "drained: the re-submitted request waits");
        assertEquals(1, kernel.requestsOn(5));
    }

    @Test
    void shouldLeaveEntriesInTheRingWhenTheKernelIsBusyAndSubmitThemLater() throws IOException {
        open();
        addRaw(5, 1, PollMode.ONESHOT);
        kernel.setReady(5, IoUringAbi.POLLIN);
        kernel.enterErrors.add(IoUringErrors.EBUSY);
        assertEquals(0, poll(NOW), "EBUSY is no failure");
        assertEquals(1, kernel.unsubmitted(), "the request stays in the ring");
        kernel.enterErrors.add(IoUringErrors.EAGAIN);
        long start = System.nanoTime();
        assertEquals(0, poll(10_000_000_000L), "nor is EAGAIN while waiting: a short pause and an empty poll");
        assertTrue(System.nanoTime() - start < 5_000_000_000L, "a pause, not the whole 10 s timeout");
        assertEquals(2, kernel.unsubmitted(), "the timeout entry and the request stay in the ring");
        assertEquals(1, poll(NOW), "submitted once the kernel takes entries again");
        assertEquals(1, keys[0]);
    }

    @Test
    void shouldWaitAgainWhenTheWaitEndsOnCompletionsThatAreNoEvent() throws IOException {
        open();
        addRaw(5, 1, PollMode.ONESHOT);
        poll(NOW);
        // A cancelled request's completion wakes the wait; returning 0 would let an interrupt whose
        // wake-up is on its way find the Poller between two waits and leave that wake-up behind.
        kernel.onWait.add(() -> kernel.post(IoUringRegistrations.tag(5, 0), -IoUringErrors.ECANCELED, 0));
        kernel.onWait.add(() -> kernel.setReady(5, IoUringAbi.POLLIN));
        int before = enters();
        assertEquals(1, poll(FOREVER), "the backend waited again and saw the event");
        assertEquals(before + 2, enters());

        backend.modify(5, 1, R, PollMode.ONESHOT);
        kernel.setReady(5, 0);
        kernel.onWait.add(() -> kernel.post(IoUringRegistrations.tag(5, 0), -IoUringErrors.ECANCELED, 0));
        int first = enters();
        assertEquals(0, poll(3_000_000), "a timed wait ends by its deadline");
        // The fake kernel never blocks, so elapsed time says nothing here ("never early" against the
        // real kernel is IoUringConformanceTest's); what shows is that the backend waited again
        // after the completion that was no event, and never asked for more than the 3 ms.
        assertTrue(enters() >= first + 2, "waited again after the completion that was no event");
        for (Enter e : kernel.enters.subList(first, enters())) {
            assertTrue(e.timeoutNanos() <= 3_000_000, "a wait longer than the timeout: " + e);
        }
    }

    @Test
    void shouldReturnEmptyWhenASignalInterruptsTheWait() throws IOException {
        open();
        addRaw(5, 1, PollMode.ONESHOT);
        poll(NOW);
        kernel.enterErrors.add(IoUringErrors.EINTR);
        assertEquals(0, poll(FOREVER));
        kernel.setReady(5, IoUringAbi.POLLIN);
        assertEquals(1, poll(FOREVER), "nothing lost to the signal");
    }

    @Test
    void shouldThrowWhenTheRingFails() throws IOException {
        open();
        kernel.enterErrors.add(IoUringErrors.EBADFD);
        IOException e = assertThrows(IOException.class, () -> poll(FOREVER));
        assertTrue(e.getMessage().contains("EBADFD"), e.getMessage());
    }

    @Test
    void shouldPutATimeoutEntryFirstWhenTheBindingCannotPassTheWaitArgument() throws IOException {
        open();
        assertFalse(backend.usesExtArg());
        addRaw(5, 1, PollMode.ONESHOT);
        int from = kernel.submitted.size();
        assertEquals(0, poll(2_500_000));
        List<Sqe> sqes = submittedSince(from);
        assertTrue(sqes.get(0).isTimeout(), "the timeout goes ahead of the queued requests: " + sqes);
        assertEquals(1, sqes.get(0).off(), "it also ends with the first other completion");
        assertEquals(IoUringAbi.IOSQE_CQE_SKIP_SUCCESS, sqes.get(0).flags(), "and then posts nothing");
        NativeBuffer ts = kernel.buffer(sqes.get(0).addr());
        assertEquals(0, ts.getLong(0));
        assertEquals(2_500_000, ts.getLong(8), "nanoseconds, not rounded to milliseconds");
        assertTrue(sqes.get(1).isPollAdd());

        from = kernel.submitted.size();
        kernel.expireTimeouts();
        poll(NOW);
        poll(FOREVER);
        assertTrue(submittedSince(from).stream().noneMatch(Sqe::isTimeout), "no timeout entry without a timeout");
    }

    @Test
    void shouldPassTheTimeoutAsTheWaitArgumentWhereTheBindingCan() throws IOException {
        kernel.canPassEnterArg = true;
        open();
        assertTrue(backend.usesExtArg());
        addRaw(5, 1, PollMode.ONESHOT);
        int from = kernel.submitted.size();
        int before = enters();
        assertEquals(0, poll(1_500_000_001L));
        Enter wait = kernel.enters.get(before);
        assertTrue(wait.withArg());
        assertEquals(1_500_000_001L, wait.timeoutNanos());
        assertTrue(submittedSince(from).stream().noneMatch(Sqe::isTimeout));
    }

    @Test
    void shouldFallBackToTimeoutEntriesWhereTheKernelLacksExtArg() throws IOException {
        kernel.canPassEnterArg = true;
        kernel.features &= ~IoUringAbi.IORING_FEAT_EXT_ARG;
        open();
        assertFalse(backend.usesExtArg());
        int from = kernel.submitted.size();
        poll(1_000);
        assertTrue(submittedSince(from).stream().anyMatch(Sqe::isTimeout));
    }

    @Test
    void shouldDropAClosedChannelsEventsAndCancelItsMultishotRequest() throws IOException {
        open();
        Pipe pipe = pipe();
        int fd = ChannelDescriptors.descriptorOf(pipe.source());
        kernel.openDescriptor(fd);
        backend.add(pipe.source(), 1, R, PollMode.EDGE);
        poll(NOW);
        long tag = kernel.requestOn(fd);

        pipe.source().close(); // registered, not deleted: the request keeps the file open
        kernel.wake(fd, IoUringAbi.POLLIN);
        int from = kernel.submitted.size();
        assertEquals(0, poll(NOW), "a channel closed while registered is never reported");
        assertTrue(submittedSince(from).stream().anyMatch(s -> s.isPollRemove() && s.addr() == tag),
                "its request is cancelled at once, so the file can go");
        assertEquals(0, kernel.requestsOn(fd));
        poll(NOW);
        assertEquals(0, kernel.requestsOn(fd), "never armed again");
    }

    @Test
    void shouldNotArmAChannelClosedBeforeItsRequestWasWritten() throws IOException {
        open();
        Pipe pipe = pipe();
        int fd = ChannelDescriptors.descriptorOf(pipe.source());
        kernel.openDescriptor(fd);
        backend.add(pipe.source(), 1, R, PollMode.ONESHOT);
        pipe.source().close(); // the number may now name another file: no request may carry it
        int from = kernel.submitted.size();
        poll(NOW);
        assertTrue(submittedSince(from).stream().noneMatch(s -> s.isPollAdd() && s.fd() == fd));
    }

    @Test
    void shouldCancelAtOnceOnDeleteSoThatTheFileCanGo() throws IOException {
        open();
        addRaw(5, 1, PollMode.ONESHOT);
        poll(NOW);
        int before = enters();
        backend.delete(5);
        assertEquals(before + 1, enters(), "delete submits its cancellation itself");
        assertEquals(0, kernel.requestsOn(5));
        assertEquals(0, poll(NOW));

        addRaw(6, 2, PollMode.ONESHOT); // never submitted: deleting it needs no system call
        before = enters();
        backend.delete(6);
        assertEquals(before, enters());
        int from = kernel.submitted.size();
        poll(NOW);
        assertTrue(submittedSince(from).stream().noneMatch(s -> s.fd() == 6), "a deleted source's queued request is dropped");
    }

    @Test
    void shouldSubmitAChangeMadeDuringABlockedPollAtOnce() throws IOException {
        open();
        addRaw(5, 1, PollMode.ONESHOT);
        poll(NOW);
        kernel.openDescriptor(6);
        kernel.onWait.add(() -> {
            try {
                backend.add(6, 2, R, PollMode.ONESHOT); // as another thread would, while the poll waits
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            assertEquals(1, kernel.requestsOn(6), "submitted by the registering thread, not left for the next poll");
            kernel.setReady(6, IoUringAbi.POLLIN);
        });
        assertEquals(1, poll(FOREVER));
        assertEquals(2, keys[0], "the blocked poll saw the change");
    }

    @Test
    void shouldSubmitAnotherThreadsChangeAtOnceAndThePollingThreadsWithItsNextPoll() throws Exception {
        open();
        addRaw(5, 1, PollMode.ONESHOT);
        poll(NOW); // this thread is now the polling thread
        kernel.openDescriptor(6);
        int before = enters();
        Thread other = new Thread(() -> {
            try {
                backend.add(6, 2, R, PollMode.ONESHOT);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        other.start();
        other.join();
        assertEquals(before + 1, enters(), "another thread's change is submitted by that thread");
        assertEquals(1, kernel.requestsOn(6), "a virtual thread parked on the ring descriptor would see it complete");

        kernel.openDescriptor(7);
        backend.add(7, 3, R, PollMode.ONESHOT);
        assertEquals(before + 1, enters(), "the polling thread's own change waits for its next poll");
        assertEquals(0, kernel.requestsOn(7));
    }

    @Test
    void shouldSubmitEveryQueuedRequestWhenANonBlockingPollFindsNothing() throws IOException {
        open();
        assertEquals(FakeIoUringKernel.RING_FD, backend.pollableDescriptor());
        addRaw(5, 1, PollMode.ONESHOT);
        poll(NOW);
        kernel.cancel(5, IoUringErrors.ECANCELED);
        // A virtual thread looks without blocking, then parks on the ring descriptor: the request
        // this look queues again must be in the kernel before it parks, or nothing would wake it.
        assertEquals(0, poll(NOW));
        assertEquals(1, kernel.requestsOn(5));
    }

    @Test
    void shouldCoalesceWakeupsAndNeverReportThemAsEvents() throws IOException {
        open();
        backend.wakeup();
        backend.wakeup();
        backend.wakeup();
        assertEquals(1, kernel.eventfdWrites, "many wake-ups before a poll are one write");
        assertEquals(PollerBackend.WOKEN, poll(FOREVER));
        assertEquals(0, poll(NOW), "one early return per batch of wake-ups");
        backend.wakeup();
        assertEquals(2, kernel.eventfdWrites);
        assertEquals(PollerBackend.WOKEN, poll(FOREVER));
    }

    @Test
    void shouldReArmTheWakeupWhenTheKernelEndsItWithoutAnEarlyReturn() throws IOException {
        open();
        kernel.cancel(FakeIoUringKernel.EVENT_FD, IoUringErrors.ECANCELED);
        assertEquals(0, poll(NOW));
        backend.wakeup();
        assertEquals(PollerBackend.WOKEN, poll(FOREVER), "a wake-up made while the request was down is not lost");
        assertEquals(0, poll(NOW), "the re-armed request firing on the unread eventfd is no second wake-up");
        kernel.endMultishot(FakeIoUringKernel.EVENT_FD, IoUringAbi.POLLIN);
        assertEquals(0, poll(NOW));
        assertEquals(0, poll(NOW));
        assertEquals(1, kernel.requestsOn(FakeIoUringKernel.EVENT_FD));
    }

    @Test
    void shouldMoveTheWakeupRequestToThePollingThread() throws Exception {
        Thread opener = new Thread(() -> {
            try {
                open(); // the wake-up request belongs to this thread, which may never call the kernel again
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        opener.start();
        opener.join();
        long openerTag = kernel.requestOn(FakeIoUringKernel.EVENT_FD);
        int from = kernel.submitted.size();
        assertEquals(0, poll(NOW));
        List<Sqe> sqes = submittedSince(from);
        assertTrue(sqes.stream().anyMatch(s -> s.isPollRemove() && s.addr() == openerTag), "the opener's request is cancelled: " + sqes);
        Sqe mine = sqes.stream().filter(s -> s.isPollAdd() && s.fd() == FakeIoUringKernel.EVENT_FD).findFirst()
                .orElseThrow(() -> new AssertionError("the polling thread armed no wake-up request: " + sqes));
        assertTrue(mine.multishot() && mine.userData() != openerTag);
        assertEquals(1, kernel.requestsOn(FakeIoUringKernel.EVENT_FD));

        from = kernel.submitted.size();
        assertEquals(0, poll(NOW));
        assertTrue(submittedSince(from).isEmpty(), "the same polling thread keeps its request");
        backend.wakeup();
        assertEquals(PollerBackend.WOKEN, poll(FOREVER));
        assertEquals(0, poll(NOW));
    }

    @Test
    void shouldRefuseARawDescriptorThatIsNotOpenBeforeGrowingAnything() throws IOException {
        open();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> backend.add(Integer.MAX_VALUE, 1, R, PollMode.ONESHOT));
        assertTrue(e.getMessage().contains("EBADF"), e.getMessage());
        assertFalse(backend.registrations().covers(100_000));
    }

    @Test
    void shouldReportAFailedRequestOnceAsReadyAndNotReArmIt() throws IOException {
        open();
        addRaw(5, 1, PollMode.LEVEL);
        poll(NOW);
        kernel.cancel(5, IoUringErrors.EBADF); // e.g. a raw descriptor closed without delete
        assertEquals(1, poll(NOW), "the next read or write surfaces the error");
        assertEquals(R, readiness[0]);
        assertEquals(0, poll(NOW));
        assertEquals(0, kernel.requestsOn(5), "re-arming a failing descriptor would spin");
    }

    @Test
    void shouldArmNothingForAnInterestOfNone() throws IOException {
        open();
        kernel.openDescriptor(5);
        backend.add(5, 1, Interest.NONE, PollMode.LEVEL);
        poll(NOW);
        assertEquals(0, kernel.requestsOn(5));
    }

    @Test
    void shouldRefuseAKernelWithoutIoUringSayingWhy() {
        kernel.setupErrno = IoUringErrors.ENOSYS;
        IOException e = assertThrows(IOException.class, this::open);
        assertTrue(e.getMessage().contains("ENOSYS") && e.getMessage().contains("no io_uring"), e.getMessage());
        kernel.setupErrno = IoUringErrors.EPERM;
        e = assertThrows(IOException.class, this::open);
        assertTrue(e.getMessage().contains("EPERM") && e.getMessage().contains("seccomp"), e.getMessage());
    }

    @Test
    void shouldRefuseAKernelLackingAFeatureAndLeaveNothingOpen() {
        kernel.features &= ~IoUringAbi.IORING_FEAT_NODROP;
        IOException e = assertThrows(IOException.class, this::open);
        assertTrue(e.getMessage().contains("IORING_FEAT_NODROP"), e.getMessage());
        assertTrue(kernel.ringClosed);
        assertEquals(0, kernel.mappings());
        assertEquals(0, kernel.openViews(), "every view of the rings closed");
    }

    @Test
    void shouldRefuseAKernelWithoutTimeoutEntriesWhenTheBindingNeedsThem() {
        kernel.supportsTimeout = false;
        IOException e = assertThrows(IOException.class, this::open);
        assertTrue(e.getMessage().contains("IORING_OP_TIMEOUT"), e.getMessage());
        assertEquals(0, kernel.mappings());
        assertEquals(0, kernel.openViews(), "every view of the rings closed");
    }

    @Test
    void shouldRefuseAKernelWithoutMultishotPollAndLeaveNothingOpen() {
        kernel.supportsMultishot = false;
        IOException e = assertThrows(IOException.class, this::open);
        assertTrue(e.getMessage().contains("multishot"), e.getMessage());
        assertTrue(kernel.ringClosed);
        assertTrue(kernel.eventFdClosed);
        assertEquals(0, kernel.mappings());
        assertEquals(0, kernel.openViews(), "every view of the rings closed");
    }

    @Test
    void shouldReleaseTheRingItsMappingsAndTheEventfdOnClose() throws IOException {
        open();
        addRaw(5, 1, PollMode.EDGE);
        poll(NOW);
        backend.close();
        assertTrue(kernel.ringClosed);
        assertTrue(kernel.eventFdClosed);
        assertEquals(0, kernel.mappings());
        assertEquals(0, kernel.openViews(), "every view of the rings closed");
        backend.wakeup(); // harmless after close
        assertEquals(0, kernel.eventfdWrites);
        backend = null;
    }

    private Pipe pipe() throws IOException {
        Pipe p = Pipe.open();
        p.source().configureBlocking(false);
        pipes.add(p);
        return p;
    }
}
