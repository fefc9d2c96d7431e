package dev.polling.kqueue;

import static dev.polling.kqueue.KqueueAbi.EV_ADD;
import static dev.polling.kqueue.KqueueAbi.EV_CLEAR;
import static dev.polling.kqueue.KqueueAbi.EV_DELETE;
import static dev.polling.kqueue.KqueueAbi.EV_ERROR;
import static dev.polling.kqueue.KqueueAbi.EV_ONESHOT;
import static dev.polling.kqueue.KqueueAbi.EV_RECEIPT;
import static dev.polling.kqueue.KqueueAbi.NOTE_TRIGGER;
import static dev.polling.spi.Interest.BOTH;
import static dev.polling.spi.Interest.NONE;
import static dev.polling.spi.Interest.READABLE;
import static dev.polling.spi.Interest.WRITABLE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import dev.polling.Backend;
import dev.polling.PollMode;
import dev.polling.Poller;
import dev.polling.kqueue.FakeKqueueOs.Kev;
import dev.polling.spi.Platform;
import dev.polling.spi.Errno;
import dev.polling.spi.FileFlags;
import dev.polling.spi.PollerBackend;

/** The kqueue backend's logic against a scripted kernel: change lists, re-arm, mapping, wake-up, errors. */
class KqueueBackendTest {
    private static final KqueueAbi FREEBSD_13 = KqueueAbi.forPlatform(Platform.of("FreeBSD", "13.2", "amd64"));
    /** The file flags the wake-up pipe gets: this OS's, as the real binding's pipe is this OS's. */
    private static final FileFlags FLAGS = FileFlags.current();

    private FakeKqueueOs kernel = new FakeKqueueOs(FREEBSD_13);
    private KqueueBackend backend;
    private final long[] keys = new long[8];
    private final int[] readiness = new int[8];

    static Stream<KqueueAbi> everyAbi() {
        return Stream.of(
                KqueueAbi.forPlatform(Platform.of("Mac OS X", "14.0", "aarch64")),
                KqueueAbi.forPlatform(Platform.of("FreeBSD", "11.4", "amd64")),
                FREEBSD_13,
                KqueueAbi.forPlatform(Platform.of("NetBSD", "10.0", "amd64")),
                KqueueAbi.forPlatform(Platform.of("OpenBSD", "7.8", "amd64")),
                KqueueAbi.forPlatform(Platform.of("DragonFly", "6.4", "amd64")),
                KqueueAbi.forPlatform(Platform.of("Linux", "6.1", "amd64")));
    }

    private KqueueBackend open() throws IOException {
        backend = new KqueueBackend(kernel, kernel.abi);
        return backend;
    }

    private KqueueBackend open(KqueueAbi abi) throws IOException {
        kernel = new FakeKqueueOs(abi);
        return open();
    }

    @AfterEach
    void closeBackend() throws IOException {
        if (backend != null) {
            backend.close();
        }
    }

    private long udataOfLastRegistration() {
        return kernel.lastChanges().get(0).udata();
    }

    private int poll(long timeoutNanos) throws IOException {
        return backend.poll(keys, readiness, timeoutNanos);
    }

    // ------------------------------------------------------------------ opening

    @Test
    void shouldSetCloseOnExecAndRegisterAClearingUserWakeup() throws IOException {
        open();
        assertTrue(kernel.calls.contains("fcntl(" + FakeKqueueOs.KQ + ", " + FLAGS.fSetFd() + ", " + FLAGS.fdCloexec() + ")"));
        List<Kev> wake = kernel.submissions.get(0).changes();
        assertEquals(List.of(new Kev(0, -11, EV_ADD | EV_CLEAR | EV_RECEIPT, 0, 0, 0)), wake);
        assertTrue(backend.usesUserFilter());
        assertEquals(0, kernel.count("pipe"));
    }

    @Test
    void shouldFallBackToANonBlockingPipeWhenTheUserFilterIsRejected() throws IOException {
        KqueueAbi openBsd = KqueueAbi.forPlatform(Platform.of("OpenBSD", "7.4", "amd64"));
        kernel = new FakeKqueueOs(openBsd);
        kernel.failChange(-10, 0, Errno.EINVAL); // OpenBSD before 7.8 has no EVFILT_USER
        open();
        assertFalse(backend.usesUserFilter());
        // the shared wake-up pipe, non-blocking and close-on-exec by this OS's numbers (WakePipeTest)
        assertEquals(1, kernel.count(FLAGS.pipe2Flags() != 0 ? "pipe2(" : "pipe("));
        assertEquals(List.of(new Kev(FakeKqueueOs.PIPE_READ, -1, EV_ADD | EV_CLEAR | EV_RECEIPT, 0, 0, 0)), kernel.lastChanges());
    }

    @Test
    void shouldFailToOpenWithTheErrnoWhenKqueueFails() {
        kernel.failNext("kqueue", Errno.EMFILE);
        IOException e = assertThrows(IOException.class, this::open);
        assertEquals("kqueue(): EMFILE (Too many open files)", e.getMessage());
    }

    @Test
    void shouldCloseTheKqueueWhenOpeningFailsHalfway() {
        kernel.failNext("fcntl", Errno.EBADF); // F_SETFD on the kqueue, the first fcntl
        IOException e = assertThrows(IOException.class, this::open);
        assertTrue(e.getMessage().contains("EBADF"), e.getMessage());
        assertEquals(1, kernel.closeCount(FakeKqueueOs.KQ));
    }

    @Test
    void shouldRefuseToOpenOnLinuxWithoutAKqueueLibraryAndSayWhy() {
        assumeTrue(Platform.current().os() == Platform.Os.LINUX, "checks the message Linux gives");
        assumeTrue(System.getProperty("polling.kqueue.library") == null, "a kqueue library was given");
        IOException e = assertThrows(IOException.class, () -> Poller.create(Backend.KQUEUE));
        assertTrue(e.getMessage().contains("kqueue is not available on Linux: no kqueue() in libc; set -Dpolling.kqueue.library="),
                e.getMessage());
    }

    @Test
    void shouldRefuseAForcedKqueueBackendOnLinux() {
        assumeTrue(Platform.current().os() == Platform.Os.LINUX, "checks the message Linux gives");
        assumeTrue(System.getProperty("polling.kqueue.library") == null, "a kqueue library was given");
        String previous = System.setProperty("polling.backend", "kqueue");
        try {
            IOException e = assertThrows(IOException.class, Poller::create);
            assertTrue(e.getMessage().contains("kqueue is not available on Linux"), e.getMessage());
        } finally {
            restore("polling.backend", previous);
        }
    }

    @Test
    void shouldNameTheGivenLibraryWhenItHasNoKqueue() {
        assumeTrue(Platform.current().os() == Platform.Os.LINUX, "checks the message Linux gives");
        String previous = System.setProperty("polling.kqueue.library", "c");
        try {
            IOException e = assertThrows(IOException.class, () -> Poller.create(Backend.KQUEUE));
            assertTrue(e.getMessage().contains("no kqueue() in library 'c' (-Dpolling.kqueue.library)"), e.getMessage());
        } finally {
            restore("polling.kqueue.library", previous);
        }
    }

    @Test
    void shouldExplainAMissingKqueueOnAKqueueOs() {
        String message = KqueueBackend.unavailableMessage(Platform.Os.NETBSD, null, new UnsatisfiedLinkError("boom"));
        assertEquals("kqueue cannot be bound on NetBSD: no kqueue() or __kevent50() in libc [boom]", message);
        assertEquals("kqueue cannot be bound on macOS: no kqueue() or kevent() in libc",
                KqueueBackend.unavailableMessage(Platform.Os.MACOS, null, new UnsatisfiedLinkError("unknown")));
    }

    private static void restore(String property, String previous) {
        if (previous == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, previous);
        }
    }

    // ------------------------------------------------------------------ change lists

    @ParameterizedTest
    @EnumSource(PollMode.class)
    void shouldAddTheReadFilterWithTheModeFlagsAndDeleteTheWriteFilter(PollMode mode) throws IOException {
        open();
        backend.add(7, 100, READABLE, mode);
        int modeFlags = switch (mode) {
            case ONESHOT -> EV_ONESHOT;
            case LEVEL -> 0;
            case EDGE -> EV_CLEAR;
            case EDGE_ONESHOT -> EV_ONESHOT | EV_CLEAR;
        };
        long gen = udataOfLastRegistration();
        assertEquals(List.of(
                new Kev(7, -1, EV_ADD | modeFlags | EV_RECEIPT, 0, 0, gen),
                new Kev(7, -2, EV_DELETE | EV_RECEIPT, 0, 0, gen)), kernel.lastChanges());
    }

    @Test
    void shouldSubmitBothChangesInOneCallWithAReceiptPerChangeAndAZeroTimeout() throws IOException {
        open();
        backend.add(7, 100, BOTH, PollMode.ONESHOT);
        FakeKqueueOs.Submission s = kernel.submissions.get(kernel.submissions.size() - 1);
        assertEquals(2, s.changes().size());
        assertTrue(s.hadEventList(), "receipts need an event list");
        assertEquals(2, s.nevents(), "as long as the change list (FreeBSD bug 229741)");
        assertFalse(s.nullTimeout());
        assertEquals(0, s.timeoutSeconds());
        assertEquals(0, s.timeoutNanos());
        assertEquals(EV_ADD | EV_ONESHOT | EV_RECEIPT, s.changes().get(1).flags());
        assertEquals(-2, s.changes().get(1).filter());
    }

    @Test
    void shouldReplaceBothFiltersOnModifyWithAFreshGeneration() throws IOException {
        open();
        backend.add(7, 100, READABLE, PollMode.ONESHOT);
        long first = udataOfLastRegistration();
        backend.modify(7, 200, WRITABLE, PollMode.LEVEL);
        long second = udataOfLastRegistration();
        assertNotEquals(first, second);
        assertEquals(List.of(
                new Kev(7, -1, EV_DELETE | EV_RECEIPT, 0, 0, second),
                new Kev(7, -2, EV_ADD | EV_RECEIPT, 0, 0, second)), kernel.lastChanges());
    }

    @Test
    void shouldDeleteBothFilters() throws IOException {
        open();
        backend.add(7, 100, BOTH, PollMode.EDGE);
        backend.delete(7);
        assertEquals(List.of(
                new Kev(7, -1, EV_DELETE | EV_RECEIPT, 0, 0, 0),
                new Kev(7, -2, EV_DELETE | EV_RECEIPT, 0, 0, 0)), kernel.lastChanges());
    }

    @Test
    void shouldDeleteBothFiltersForInterestNone() throws IOException {
        open();
        backend.add(7, 100, NONE, PollMode.ONESHOT);
        assertEquals(EV_DELETE | EV_RECEIPT, kernel.lastChanges().get(0).flags());
        assertEquals(EV_DELETE | EV_RECEIPT, kernel.lastChanges().get(1).flags());
    }

    @Test
    void shouldNotTouchTheKernelWhenDroppingASourceWhoseChannelWasClosed() throws Exception {
        open();
        java.nio.channels.Pipe pipe = java.nio.channels.Pipe.open();
        try (var sink = pipe.sink()) {
            pipe.source().configureBlocking(false);
            backend.add(pipe.source(), 1, READABLE, PollMode.ONESHOT);
            int before = kernel.submissions.size();
            pipe.source().close();
            backend.delete(pipe.source());
            assertEquals(before, kernel.submissions.size(), "close(2) removed the knotes already");
        }
    }

    @ParameterizedTest
    @MethodSource("everyAbi")
    void shouldEncodeChangesInTheLayoutOfEachOs(KqueueAbi abi) throws IOException {
        open(abi);
        backend.add(9, 5, BOTH, PollMode.EDGE_ONESHOT);
        List<Kev> changes = kernel.lastChanges();
        assertEquals(abi.evfiltRead, changes.get(0).filter());
        assertEquals(abi.evfiltWrite, changes.get(1).filter());
        assertEquals(9, changes.get(0).ident());
        assertEquals(EV_ADD | EV_ONESHOT | EV_CLEAR | EV_RECEIPT, changes.get(0).flags());
    }

    // ------------------------------------------------------------------ registration errors

    @Test
    void shouldIgnoreEnoentAndEpipeReceipts() throws IOException {
        open();
        kernel.failChange(-2, 7, Errno.ENOENT);
        kernel.failChange(-1, 7, Errno.EPIPE);
        backend.add(7, 1, READABLE, PollMode.ONESHOT);
        backend.delete(7);
    }

    @Test
    void shouldReportAFailedChangeWithTheCallAndErrnoAndRollTheAddBack() throws IOException {
        open();
        kernel.failChange(-2, 7, Errno.EBADF);
        IOException e = assertThrows(IOException.class, () -> backend.add(7, 1, BOTH, PollMode.ONESHOT));
        assertEquals("kevent(add, fd 7): EBADF (Bad file descriptor)", e.getMessage());
        assertEquals(EV_DELETE | EV_RECEIPT, kernel.lastChanges().get(0).flags(), "the read filter added first is undone");
        assertEquals(EV_DELETE | EV_RECEIPT, kernel.lastChanges().get(1).flags());
        kernel.receiptErrors.clear();
        backend.add(7, 1, BOTH, PollMode.ONESHOT); // not left registered by the failure
    }

    @Test
    void shouldRejectADescriptorKqueueCannotPollWithIllegalArgument() throws IOException {
        open();
        kernel.failChange(-2, 7, Errno.EINVAL);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> backend.add(7, 1, BOTH, PollMode.ONESHOT));
        assertTrue(e.getMessage().contains("descriptor 7 cannot be polled by kqueue"), e.getMessage());
        assertTrue(e.getMessage().contains("EINVAL"), e.getMessage());
    }

    @Test
    void shouldLeaveAFailedModifyRegisteredButSilent() throws IOException {
        open();
        backend.add(7, 1, READABLE, PollMode.ONESHOT);
        long gen = udataOfLastRegistration();
        kernel.failChange(-1, 7, 12); // ENOMEM
        assertThrows(IOException.class, () -> backend.modify(7, 2, BOTH, PollMode.ONESHOT));
        kernel.receiptErrors.clear();
        kernel.queueEvents(kernel.read(7, gen));
        assertEquals(0, poll(0));
        backend.delete(7); // still registered
    }

    @Test
    void shouldTreatEintrOnARegistrationCallAsApplied() throws IOException {
        open();
        kernel.failNext("kevent", Errno.EINTR);
        backend.add(7, 1, READABLE, PollMode.ONESHOT);
    }

    @Test
    void shouldIgnoreEbadfWhenDeletingARawDescriptorClosedFirst() throws IOException {
        open();
        backend.add(7, 1, READABLE, PollMode.ONESHOT);
        kernel.failChange(-1, 7, Errno.EBADF);
        kernel.failChange(-2, 7, Errno.EBADF);
        backend.delete(7);
    }

    // ------------------------------------------------------------------ events

    @ParameterizedTest
    @MethodSource("everyAbi")
    void shouldMapFiltersToReadinessMaskedByInterest(KqueueAbi abi) throws IOException {
        open(abi);
        backend.add(7, 70, READABLE, PollMode.LEVEL);
        long g7 = udataOfLastRegistration();
        backend.add(8, 80, WRITABLE, PollMode.LEVEL);
        long g8 = udataOfLastRegistration();
        backend.add(9, 90, BOTH, PollMode.LEVEL);
        long g9 = udataOfLastRegistration();
        kernel.queueEvents(kernel.readEof(7, g7), kernel.write(8, g8), kernel.readEof(9, g9));
        assertEquals(3, poll(0));
        assertArrayEquals(new long[] {70, 80, 90}, java.util.Arrays.copyOf(keys, 3));
        assertEquals(READABLE, readiness[0], "EOF on a readable-only source reports readable only");
        assertEquals(WRITABLE, readiness[1]);
        assertEquals(BOTH, readiness[2], "EOF reports both directions the interest has");
    }

    @Test
    void shouldReportEofOnTheWriteFilterToReadableInterestToo() throws IOException {
        open();
        assertEquals(BOTH, backend.readinessOf(-2, KqueueAbi.EV_EOF));
        assertEquals(BOTH, backend.readinessOf(-1, KqueueAbi.EV_EOF));
        assertEquals(READABLE, backend.readinessOf(-1, 0));
        assertEquals(WRITABLE, backend.readinessOf(-2, 0));
        assertEquals(0, backend.readinessOf(-7, KqueueAbi.EV_EOF), "a filter we never register");
    }

    @Test
    void shouldMergeBothFiltersOfOneSourceInOneBatchIntoOneEvent() throws IOException {
        open();
        backend.add(7, 70, BOTH, PollMode.ONESHOT);
        long gen = udataOfLastRegistration();
        backend.add(8, 80, READABLE, PollMode.ONESHOT);
        long g8 = udataOfLastRegistration();
        kernel.queueEvents(kernel.read(7, gen), kernel.read(8, g8), kernel.write(7, gen));
        assertEquals(2, poll(0));
        assertEquals(70, keys[0]);
        assertEquals(BOTH, readiness[0]);
        assertEquals(80, keys[1]);
        assertEquals(READABLE, readiness[1]);
    }

    @Test
    void shouldKeepAOneshotSourceSilentWhenItsOtherFilterFiresLater() throws IOException {
        open();
        backend.add(7, 70, BOTH, PollMode.ONESHOT);
        long gen = udataOfLastRegistration();
        kernel.queueEvents(kernel.read(7, gen));
        assertEquals(1, poll(0));
        assertEquals(READABLE, readiness[0]);
        kernel.queueEvents(kernel.write(7, gen)); // the write knote was still armed in the kernel
        assertEquals(0, poll(0), "one event per source until modify");
        backend.modify(7, 71, BOTH, PollMode.ONESHOT);
        long regen = udataOfLastRegistration();
        kernel.queueEvents(kernel.write(7, regen));
        assertEquals(1, poll(0));
        assertEquals(71, keys[0]);
        assertEquals(WRITABLE, readiness[0]);
    }

    @Test
    void shouldDisarmEdgeOneshotLikeOneshot() throws IOException {
        open();
        backend.add(7, 70, BOTH, PollMode.EDGE_ONESHOT);
        long gen = udataOfLastRegistration();
        kernel.queueEvents(kernel.write(7, gen));
        assertEquals(1, poll(0));
        kernel.queueEvents(kernel.read(7, gen));
        assertEquals(0, poll(0));
    }

    @ParameterizedTest
    @EnumSource(value = PollMode.class, names = {"LEVEL", "EDGE"})
    void shouldKeepReportingWithoutReArmInLevelAndEdgeModes(PollMode mode) throws IOException {
        open();
        backend.add(7, 70, READABLE, mode);
        long gen = udataOfLastRegistration();
        int before = kernel.submissions.size();
        for (int i = 0; i < 3; i++) {
            kernel.queueEvents(kernel.read(7, gen));
            assertEquals(1, poll(0));
            assertEquals(70, keys[0]);
        }
        assertEquals(before, kernel.submissions.size(), "no re-arm calls");
    }

    @Test
    void shouldDropAnEventTakenBeforeTheSourceWasModified() throws IOException {
        open();
        backend.add(7, 70, READABLE, PollMode.ONESHOT);
        long old = udataOfLastRegistration();
        backend.modify(7, 71, READABLE, PollMode.ONESHOT);
        long current = udataOfLastRegistration();
        kernel.queueEvents(kernel.read(7, old));
        assertEquals(0, poll(0), "stale generation");
        kernel.queueEvents(kernel.read(7, current));
        assertEquals(1, poll(0));
        assertEquals(71, keys[0]);
    }

    @Test
    void shouldNotReportADeletedSourceEvenWhenItsNumberIsReused() throws IOException {
        open();
        backend.add(7, 70, READABLE, PollMode.ONESHOT);
        long old = udataOfLastRegistration();
        backend.delete(7);
        kernel.queueEvents(kernel.read(7, old));
        assertEquals(0, poll(0));
        backend.add(7, 700, READABLE, PollMode.ONESHOT);
        long fresh = udataOfLastRegistration();
        kernel.queueEvents(kernel.read(7, old), kernel.read(7, fresh));
        assertEquals(1, poll(0));
        assertEquals(700, keys[0]);
    }

    @Test
    void shouldIgnoreErrorEntriesAndUnknownDescriptorsInAWait() throws IOException {
        open();
        backend.add(7, 70, READABLE, PollMode.ONESHOT);
        long gen = udataOfLastRegistration();
        kernel.queueEvents(new Kev(7, -1, EV_ERROR, 0, 9, gen), kernel.read(12345, 999), kernel.read(7, gen));
        assertEquals(1, poll(0));
        assertEquals(70, keys[0]);
    }

    @Test
    void shouldAskTheKernelForNoMoreEventsThanTheCallerCanStore() throws IOException {
        open();
        long[] two = new long[2];
        backend.poll(two, new int[2], 0);
        assertEquals(2, kernel.waitCapacities.get(0));
        long[] many = new long[KqueueBackend.MAX_BATCH + 10];
        backend.poll(many, new int[many.length], 0);
        assertEquals(KqueueBackend.MAX_BATCH, kernel.waitCapacities.get(1));
    }

    // ------------------------------------------------------------------ wait results and timeouts

    @Test
    void shouldPassTimeoutsAsTimespecsCappedAtAMillionSeconds() throws IOException {
        open();
        poll(0);
        poll(1_500_000_001L);
        poll(-1);
        poll(Long.MAX_VALUE);
        poll(1);
        assertArrayEquals(new long[] {0, 0}, kernel.waits.get(0));
        assertArrayEquals(new long[] {1, 500_000_001}, kernel.waits.get(1));
        assertNull(kernel.waits.get(2), "no limit: NULL timeout");
        assertArrayEquals(new long[] {1_000_000, 0}, kernel.waits.get(3));
        assertArrayEquals(new long[] {0, 1}, kernel.waits.get(4), "sub-microsecond waits are kept, never rounded to 0");
    }

    @Test
    void shouldReturnZeroOnEintrAndOnEtimedout() throws IOException {
        open();
        kernel.queueError(Errno.EINTR);
        assertEquals(0, poll(-1));
        kernel.queueError(Errno.ETIMEDOUT); // this OS's, which the kqueue (or its stand-in) returns
        assertEquals(0, poll(1000));
    }

    @Test
    void shouldThrowOtherWaitErrorsNamingTheCall() throws IOException {
        open();
        kernel.queueError(Errno.EBADF);
        IOException e = assertThrows(IOException.class, () -> poll(0));
        assertEquals("kevent(wait, kqueue 50): EBADF (Bad file descriptor)", e.getMessage());
    }

    // ------------------------------------------------------------------ wake-up

    @Test
    void shouldTriggerTheUserFilterOnceForManyWakeupsWithoutAnEventList() throws IOException {
        open();
        backend.wakeup();
        backend.wakeup();
        backend.wakeup();
        assertEquals(1, kernel.triggers);
        FakeKqueueOs.Submission trigger = kernel.submissions.get(kernel.submissions.size() - 1);
        assertEquals(List.of(new Kev(0, -11, EV_ADD | EV_CLEAR, NOTE_TRIGGER, 0, 0)), trigger.changes());
        assertFalse(trigger.hadEventList());
        assertEquals(0, trigger.nevents());
        assertTrue(trigger.nullTimeout());

        kernel.queueEvents(kernel.userWake());
        assertEquals(PollerBackend.WOKEN, poll(-1));
        backend.wakeup();
        assertEquals(2, kernel.triggers, "consumed: the next wakeup signals again");
    }

    @Test
    void shouldReturnUserEventsRatherThanWokenWhenBothArrive() throws IOException {
        open();
        backend.add(7, 70, READABLE, PollMode.ONESHOT);
        long gen = udataOfLastRegistration();
        backend.wakeup();
        kernel.queueEvents(kernel.userWake(), kernel.read(7, gen));
        assertEquals(1, poll(-1));
        assertEquals(70, keys[0]);
        backend.wakeup();
        assertEquals(2, kernel.triggers);
    }

    @Test
    void shouldLetTheNextWakeupRetryWhenATriggerFails() throws IOException {
        open();
        kernel.triggerResult = -Errno.EBADF;
        backend.wakeup();
        kernel.triggerResult = 0;
        backend.wakeup();
        assertEquals(2, kernel.triggers);
    }

    @Test
    void shouldWakeThroughThePipeAndDrainIt() throws IOException {
        kernel = new FakeKqueueOs(KqueueAbi.forPlatform(Platform.of("NetBSD", "9.3", "amd64")));
        kernel.failChange(8, 0, Errno.EINVAL);
        open();
        backend.wakeup();
        backend.wakeup();
        assertEquals(1L, kernel.pipeWrites());
        kernel.queueEvents(new Kev(FakeKqueueOs.PIPE_READ, 0, EV_CLEAR, 0, 1, 0));
        assertEquals(PollerBackend.WOKEN, poll(-1));
        assertEquals(0, kernel.pipeBytes(), "drained");
        backend.wakeup();
        assertEquals(2L, kernel.pipeWrites());
    }

    @Test
    void shouldIgnoreWakeupsAfterClose() throws IOException {
        open();
        backend.close();
        backend.wakeup();
        assertEquals(0, kernel.triggers);
        assertEquals(1, kernel.closeCount(FakeKqueueOs.KQ));
        backend = null;
    }

    @Test
    void shouldCloseThePipeAndTheKqueue() throws IOException {
        kernel = new FakeKqueueOs(FREEBSD_13);
        kernel.failChange(-11, 0, Errno.EINVAL);
        open();
        backend.close();
        assertEquals(1, kernel.closeCount(FakeKqueueOs.PIPE_READ));
        assertEquals(1, kernel.closeCount(FakeKqueueOs.PIPE_WRITE));
        assertEquals(1, kernel.closeCount(FakeKqueueOs.KQ));
        backend = null;
    }
}
