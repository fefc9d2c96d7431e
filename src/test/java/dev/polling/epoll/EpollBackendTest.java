package dev.polling.epoll;

import static dev.polling.epoll.EpollFlags.EPOLLET;
import static dev.polling.epoll.EpollFlags.EPOLLHUP;
import static dev.polling.epoll.EpollFlags.EPOLLIN;
import static dev.polling.epoll.EpollFlags.EPOLLONESHOT;
import static dev.polling.epoll.EpollFlags.EPOLLOUT;
import static dev.polling.epoll.EpollFlags.EPOLL_CTL_ADD;
import static dev.polling.epoll.EpollFlags.EPOLL_CTL_DEL;
import static dev.polling.epoll.EpollFlags.EPOLL_CTL_MOD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.Pipe;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import dev.polling.Backend;
import dev.polling.PollMode;
import dev.polling.epoll.FakeEpollOs.Ctl;
import dev.polling.spi.Errno;
import dev.polling.spi.Interest;
import dev.polling.spi.PollerBackend;

/** EpollBackend's logic against a fake kernel: what it asks the kernel, and what it makes of the answers. */
class EpollBackendTest {
    private static final int EPFD = FakeEpollOs.EPFD;
    private static final int EVENTFD = FakeEpollOs.EVENTFD;
    private static final int FD = 10;

    private final long[] keys = new long[4];
    private final int[] readiness = new int[4];
    private EpollEventLayout layout = EpollEventLayout.PACKED;
    private FakeEpollOs os = new FakeEpollOs(layout);

    // ---- opening

    @Test
    void shouldRegisterTheWakerOnceEdgeTriggeredUnderTheReservedKey() throws IOException {
        EpollBackend backend = open();

        assertEquals(List.of(new Ctl(EPOLL_CTL_ADD, EVENTFD, EPOLLIN | EPOLLET, EpollBackend.WAKEUP_TAG)), os.ctls);
        assertEquals(Backend.EPOLL, backend.kind());
        assertTrue(backend.supportsLevel());
        assertTrue(backend.supportsEdge());
        assertTrue(backend.supportsRawDescriptors());
    }

    @Test
    void shouldReportAFailedEpollCreate() {
        os.failNext("epoll_create1", Errno.EMFILE);

        IOException e = assertThrows(IOException.class, this::open);

        assertEquals("epoll_create1: EMFILE (Too many open files)", e.getMessage());
    }

    @Test
    void shouldCloseWhatItOpenedWhenOpeningFails() {
        os.ctlErrno = Errno.ENOMEM; // the waker's registration fails

        IOException e = assertThrows(IOException.class, this::open);

        assertTrue(e.getMessage().startsWith("epoll_ctl(ADD, wake-up fd 6): ENOMEM"), e.getMessage());
        assertEquals(1, os.closeCount(EVENTFD));
        assertEquals(1, os.closeCount(EPFD));
    }

    // ---- registration: flags, re-arm, errors

    @ParameterizedTest
    @EnumSource(PollMode.class)
    void shouldAddWithTheFlagsOfEachMode(PollMode mode) throws IOException {
        EpollBackend backend = open();

        backend.add(FD, 1L, Interest.READABLE, mode);

        Ctl add = lastCtl();
        assertEquals(EPOLL_CTL_ADD, add.op());
        assertEquals(FD, add.fd());
        assertEquals(EpollFlags.encode(Interest.READABLE, mode), add.events());
    }

    @Test
    void shouldEncodeInterestIntoTheEventMask() throws IOException {
        EpollBackend backend = open();

        backend.add(FD, 1L, Interest.WRITABLE, PollMode.LEVEL);
        backend.add(FD + 1, 2L, Interest.BOTH, PollMode.EDGE);
        backend.add(FD + 2, 3L, Interest.NONE, PollMode.LEVEL);

        assertEquals(EPOLLOUT, os.ctls.get(1).events());
        assertEquals(EPOLLIN | EPOLLOUT | EPOLLET, os.ctls.get(2).events());
        assertEquals(EPOLLONESHOT, os.ctls.get(3).events());
    }

    @Test
    void shouldRearmWithOneModCarryingTheFullMask() throws IOException {
        EpollBackend backend = open();
        backend.add(FD, 1L, Interest.READABLE, PollMode.ONESHOT);
        Ctl add = lastCtl();

        backend.modify(FD, 2L, Interest.READABLE, PollMode.ONESHOT);

        Ctl mod = lastCtl();
        assertEquals(3, os.ctls.size(), "one epoll_ctl per modify");
        assertEquals(EPOLL_CTL_MOD, mod.op());
        assertEquals(EPOLLIN | EPOLLONESHOT, mod.events());
        assertNotEquals(add.data(), mod.data(), "a new registration generation");
    }

    @Test
    void shouldDeleteWithoutAStruct() throws IOException {
        EpollBackend backend = open();
        backend.add(FD, 1L, Interest.READABLE, PollMode.ONESHOT);

        backend.delete(FD);

        assertEquals(new Ctl(EPOLL_CTL_DEL, FD, 0, 0), lastCtl());
    }

    @Test
    void shouldMapEexistToAlreadyRegistered() throws IOException {
        EpollBackend backend = open();
        os.ctlErrno = Errno.EEXIST;

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> backend.add(FD, 1L, Interest.READABLE, PollMode.ONESHOT));

        assertTrue(e.getMessage().contains("already registered"), e.getMessage());
    }

    @Test
    void shouldMapEpermToIllegalArgumentAndStayUsable() throws IOException {
        EpollBackend backend = open();
        os.ctlErrno = Errno.EPERM;

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> backend.add(FD, 1L, Interest.READABLE, PollMode.ONESHOT));
        os.ctlErrno = 0;
        backend.add(FD, 1L, Interest.READABLE, PollMode.ONESHOT); // the failed add left nothing behind

        assertTrue(e.getMessage().contains("epoll refuses files whose driver has no readiness to report"), e.getMessage());
    }

    @Test
    void shouldMapEbadfOfARawDescriptorToIllegalArgument() throws IOException {
        EpollBackend backend = open();
        os.ctlErrno = Errno.EBADF;

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> backend.add(FD, 1L, Interest.READABLE, PollMode.ONESHOT));

        assertTrue(e.getMessage().contains("descriptor 10 is not an open descriptor"), e.getMessage());
    }

    @Test
    void shouldMapEbadfOfAChannelClosedMeanwhileToClosedChannel() throws IOException {
        EpollBackend backend = open();
        Pipe pipe = Pipe.open();
        pipe.source().configureBlocking(false);
        os.onCtl = () -> {
            try {
                pipe.source().close(); // another thread closes the channel just before epoll_ctl
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            return Errno.EBADF;
        };
        try {
            assertThrows(ClosedChannelException.class,
                    () -> backend.add(pipe.source(), 1L, Interest.READABLE, PollMode.ONESHOT));
        } finally {
            pipe.sink().close();
        }
    }

    @Test
    void shouldMapOtherErrnosToIoExceptionNamingTheCall() throws IOException {
        EpollBackend backend = open();
        backend.add(FD, 1L, Interest.READABLE, PollMode.ONESHOT);
        os.ctlErrno = Errno.ENOMEM;

        IOException e = assertThrows(IOException.class,
                () -> backend.modify(FD, 1L, Interest.READABLE, PollMode.ONESHOT));

        assertEquals("epoll_ctl(MOD, fd 10): ENOMEM (Cannot allocate memory)", e.getMessage());
    }

    @Test
    void shouldIgnoreErrorsWhenTheSourceIsAlreadyClosed() throws IOException {
        EpollBackend backend = open();
        os.ctlErrno = Errno.EBADF;

        backend.deregister(FD, true);

        assertEquals(EPOLL_CTL_DEL, lastCtl().op());
    }

    @Test
    void shouldTreatDeletingADescriptorClosedWithoutDeleteAsDone() throws IOException {
        EpollBackend backend = open();
        backend.add(FD, 1L, Interest.READABLE, PollMode.ONESHOT);
        os.ctlErrno = Errno.EBADF; // closed: the kernel dropped the registration with it

        backend.delete(FD);

        os.ctlErrno = 0;
        backend.add(FD, 2L, Interest.READABLE, PollMode.ONESHOT); // the number is free again
    }

    @Test
    void shouldReportOtherErrorsWhenDeletingAnOpenSource() throws IOException {
        EpollBackend backend = open();
        backend.add(FD, 1L, Interest.READABLE, PollMode.ONESHOT);
        os.ctlErrno = Errno.ENOMEM;

        assertThrows(IOException.class, () -> backend.delete(FD));
    }

    // ---- polling: events, masking, wake-up

    @Test
    void shouldReportTheUserKeyAndReadiness() throws IOException {
        EpollBackend backend = open();
        backend.add(FD, 42L, Interest.READABLE, PollMode.ONESHOT);
        kernelReturns(new int[] {EPOLLIN}, new long[] {lastCtl().data()});

        assertEquals(1, backend.poll(keys, readiness, 0));

        assertEquals(42L, keys[0]);
        assertEquals(Interest.READABLE, readiness[0]);
    }

    @Test
    void shouldMaskHangUpByTheInterest() throws IOException {
        EpollBackend backend = open();
        backend.add(FD, 1L, Interest.READABLE, PollMode.LEVEL);
        long readable = lastCtl().data();
        backend.add(FD + 1, 2L, Interest.WRITABLE, PollMode.LEVEL);
        long writable = lastCtl().data();
        backend.add(FD + 2, 3L, Interest.BOTH, PollMode.LEVEL);
        long both = lastCtl().data();
        kernelReturns(new int[] {EPOLLHUP, EPOLLHUP, EPOLLHUP}, new long[] {readable, writable, both});

        assertEquals(3, backend.poll(keys, readiness, 0));

        assertEquals(Interest.READABLE, readiness[0]);
        assertEquals(Interest.WRITABLE, readiness[1]);
        assertEquals(Interest.BOTH, readiness[2]);
    }

    @Test
    void shouldDropTheHangUpOfASourceWithNoInterest() throws IOException {
        EpollBackend backend = open();
        backend.add(FD, 1L, Interest.NONE, PollMode.LEVEL);
        kernelReturns(new int[] {EPOLLHUP}, new long[] {lastCtl().data()});

        assertEquals(0, backend.poll(keys, readiness, 0));
    }

    @Test
    void shouldDropEventsOfARegistrationChangedSinceTheKernelQueuedThem() throws IOException {
        EpollBackend backend = open();
        backend.add(FD, 1L, Interest.READABLE, PollMode.ONESHOT);
        long before = lastCtl().data();
        backend.modify(FD, 2L, Interest.READABLE, PollMode.ONESHOT);
        long after = lastCtl().data();
        kernelReturns(new int[] {EPOLLIN, EPOLLIN}, new long[] {before, after});

        assertEquals(1, backend.poll(keys, readiness, 0));

        assertEquals(2L, keys[0]);
    }

    @Test
    void shouldDropEventsOfADeletedSource() throws IOException {
        EpollBackend backend = open();
        backend.add(FD, 1L, Interest.READABLE, PollMode.LEVEL);
        long tag = lastCtl().data();
        backend.delete(FD);
        kernelReturns(new int[] {EPOLLIN}, new long[] {tag});

        assertEquals(0, backend.poll(keys, readiness, 0));
    }

    @Test
    void shouldReturnWokenWhenOnlyTheWakerFired() throws IOException {
        EpollBackend backend = open();
        backend.wakeup();
        kernelReturns(new int[] {EPOLLIN}, new long[] {EpollBackend.WAKEUP_TAG});

        assertEquals(PollerBackend.WOKEN, backend.poll(keys, readiness, -1));
    }

    @Test
    void shouldReturnUserEventsAndNotTheWakeup() throws IOException {
        EpollBackend backend = open();
        backend.add(FD, 7L, Interest.READABLE, PollMode.ONESHOT);
        kernelReturns(new int[] {EPOLLIN, EPOLLIN}, new long[] {EpollBackend.WAKEUP_TAG, lastCtl().data()});

        assertEquals(1, backend.poll(keys, readiness, -1));

        assertEquals(7L, keys[0]);
    }

    @Test
    void shouldCoalesceWakeupsUntilThePollSeesOne() throws IOException {
        EpollBackend backend = open();

        backend.wakeup();
        backend.wakeup();
        backend.wakeup();
        assertEquals(1, os.writeCount(EVENTFD));

        kernelReturns(new int[] {EPOLLIN}, new long[] {EpollBackend.WAKEUP_TAG});
        backend.poll(keys, readiness, -1);
        backend.wakeup();

        assertEquals(2, os.writeCount(EVENTFD));
    }

    @Test
    void shouldNeverReadTheEventfd() throws IOException {
        EpollBackend backend = open();
        backend.wakeup();
        kernelReturns(new int[] {EPOLLIN}, new long[] {EpollBackend.WAKEUP_TAG});

        backend.poll(keys, readiness, -1);

        assertEquals(0, os.reads.size());
        assertEquals(1, os.ctls.size(), "the edge-triggered waker is never re-armed");
    }

    @Test
    void shouldDrainThePipeFallbackWhenWoken() throws IOException {
        os.eventfdErrno = Errno.EINVAL;
        os.nextFd = 20; // the pipe's ends: 20 and 21
        EpollBackend backend = open();
        backend.wakeup();
        kernelReturns(new int[] {EPOLLIN}, new long[] {EpollBackend.WAKEUP_TAG});

        assertEquals(PollerBackend.WOKEN, backend.poll(keys, readiness, -1));

        assertEquals(new Ctl(EPOLL_CTL_ADD, 20, EPOLLIN | EPOLLET, EpollBackend.WAKEUP_TAG), os.ctls.get(0));
        assertEquals(1, os.writeCount(21));
        assertEquals(20, os.reads.get(0)[0]);
    }

    @Test
    void shouldReadEventsAtTheAlignedLayout() throws IOException {
        layout = EpollEventLayout.ALIGNED;
        os = new FakeEpollOs(layout);
        EpollBackend backend = open();
        backend.add(FD, 100L, Interest.READABLE, PollMode.LEVEL);
        long first = lastCtl().data();
        backend.add(FD + 1, 200L, Interest.WRITABLE, PollMode.LEVEL);
        long second = lastCtl().data();
        kernelReturns(new int[] {EPOLLIN, EPOLLOUT}, new long[] {first, second});

        assertEquals(2, backend.poll(keys, readiness, 0));

        assertEquals(100L, keys[0]);
        assertEquals(200L, keys[1]);
        assertEquals(Interest.WRITABLE, readiness[1]);
    }

    @Test
    void shouldAskForAtMostTheCapacityAndReuseTheEventArray() throws IOException {
        EpollBackend backend = open();
        kernelReturns(new int[0], new long[0]);

        backend.poll(keys, readiness, 0);
        backend.poll(new long[2], new int[2], 0);
        backend.poll(keys, readiness, 0);
        backend.poll(new long[8], new int[8], 0);

        assertEquals(2, os.waitCount(4, 0));
        assertEquals(1, os.waitCount(2, 0));
        assertEquals(1, os.waitCount(8, 0));
        assertSame(os.waits.get(0).buffer(), os.waits.get(1).buffer(), "a smaller poll reuses the array");
        assertSame(os.waits.get(0).buffer(), os.waits.get(2).buffer());
    }

    // ---- timeouts and errors of the wait

    @Test
    void shouldWaitInMillisecondsRoundedUpWithoutPwait2() throws IOException {
        EpollBackend backend = open();
        kernelReturns(new int[0], new long[0]);

        backend.poll(keys, readiness, 0);
        backend.poll(keys, readiness, -1);
        backend.poll(keys, readiness, 1);
        backend.poll(keys, readiness, 1_500_000);

        assertEquals(1, os.waitCount(4, 0));
        assertEquals(1, os.waitCount(4, -1));
        assertEquals(1, os.waitCount(4, 1));
        assertEquals(1, os.waitCount(4, 2));
        assertEquals(0, os.pwait2Calls.size());
    }

    @Test
    void shouldWaitWithANanosecondTimespecThroughPwait2() throws IOException {
        EpollBackend backend = EpollBackend.open(os, layout, true);
        kernelReturns(new int[0], new long[0]);

        assertTrue(backend.usesPwait2());
        backend.poll(keys, readiness, 2_000_000_123L);

        long[] timespec = os.pwait2Calls.get(os.pwait2Calls.size() - 1);
        assertEquals(2L, timespec[0]);
        assertEquals(123L, timespec[1]);
        assertEquals(1, os.waitCount(4, -2));
        // Zero and infinite waits need no timespec: plain epoll_wait.
        backend.poll(keys, readiness, 0);
        backend.poll(keys, readiness, -1);
        assertEquals(1, os.waitCount(4, 0));
        assertEquals(1, os.waitCount(4, -1));
    }

    @Test
    void shouldProbePwait2WithAZeroTimeoutBeforeAnythingIsRegistered() throws IOException {
        EpollBackend.open(os, layout, true);

        long[] probe = os.pwait2Calls.get(0);
        assertEquals(0L, probe[0]);
        assertEquals(0L, probe[1]);
        assertEquals(0L, probe[2], "probed on the empty epoll, before the waker is registered");
    }

    @Test
    void shouldFallBackWhenTheCLibraryLacksPwait2() throws IOException {
        os.pwait2Errno = Errno.ENOSYS; // what a binding answers for a missing symbol

        EpollBackend backend = EpollBackend.open(os, layout, true);
        kernelReturns(new int[0], new long[0]);
        backend.poll(keys, readiness, 300_000);

        assertFalse(backend.usesPwait2());
        assertEquals(1, os.waitCount(4, 1));
    }

    @Test
    void shouldFallBackWhenTheKernelRefusesPwait2() throws IOException {
        os.pwait2Errno = Errno.EPERM; // a seccomp filter

        EpollBackend backend = EpollBackend.open(os, layout, true);

        assertFalse(backend.usesPwait2());
    }

    @Test
    void shouldNotTouchPwait2WhenDisabled() throws IOException {
        EpollBackend backend = EpollBackend.open(os, layout, false);

        assertFalse(backend.usesPwait2());
        assertEquals(0, os.pwait2Calls.size());
    }

    @Test
    void shouldFallBackForGoodWhenPwait2FailsWithEnosysLater() throws IOException {
        EpollBackend backend = EpollBackend.open(os, layout, true); // the probe returns 0
        os.pwait2Errno = Errno.ENOSYS;

        assertEquals(0, backend.poll(keys, readiness, 5_000_000));
        kernelReturns(new int[0], new long[0]);
        backend.poll(keys, readiness, 5_000_000);

        assertFalse(backend.usesPwait2());
        assertEquals(1, os.waitCount(4, 5));
    }

    @Test
    void shouldReturnZeroOnEintr() throws IOException {
        EpollBackend backend = open();
        os.waitErrno = Errno.EINTR;

        assertEquals(0, backend.poll(keys, readiness, -1));
    }

    @Test
    void shouldThrowOtherWaitErrorsNamingTheCall() throws IOException {
        EpollBackend backend = open();
        os.waitErrno = Errno.EBADF;

        IOException e = assertThrows(IOException.class, () -> backend.poll(keys, readiness, -1));

        assertEquals("epoll_wait(epfd 5): EBADF (Bad file descriptor)", e.getMessage());
    }

    // ---- closing

    @Test
    void shouldCloseEachDescriptorOnceAndStopWakingUp() throws IOException {
        EpollBackend backend = open();

        backend.close();
        backend.close();
        backend.wakeup();

        assertEquals(1, os.closeCount(EVENTFD));
        assertEquals(1, os.closeCount(EPFD));
        assertEquals(0, os.writes.size());
    }

    @Test
    void shouldReleaseEverythingEvenWhenACloseFails() throws IOException {
        EpollBackend backend = open();
        os.failNext("close", Errno.EBADF); // the eventfd is closed first

        IOException e = assertThrows(IOException.class, backend::close);

        assertTrue(e.getMessage().startsWith("close(eventfd 6)"), e.getMessage());
        assertEquals(1, os.closeCount(EPFD));
    }

    private EpollBackend open() throws IOException {
        return EpollBackend.open(os, layout, false);
    }

    private Ctl lastCtl() {
        return os.lastCtl();
    }

    private void kernelReturns(int[] events, long[] tags) {
        os.kernelReturns(events, tags);
    }
}
