package dev.polling.poll;

import static dev.polling.poll.FakePollOs.ABI;
import static dev.polling.poll.FakePollOs.WAKE_READ;
import static dev.polling.poll.FakePollOs.WAKE_WRITE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.polling.Backend;
import dev.polling.PollMode;
import dev.polling.spi.Errno;
import dev.polling.spi.FileFlags;
import dev.polling.spi.Interest;
import dev.polling.spi.PollerBackend;

/** The backend's logic against {@link FakePollOs}: no real descriptors. */
class PollBackendTest {
    private static final short IN_PRI = (short) (ABI.pollIn | ABI.pollPri);

    private FakePollOs kernel;
    private PollBackend backend;
    private final long[] keys = new long[8];
    private final int[] readiness = new int[8];
    private boolean closed;

    @BeforeEach
    void open() throws IOException {
        kernel = new FakePollOs();
        backend = new PollBackend(kernel, ABI, FileFlags.current());
    }

    @AfterEach
    void close() throws IOException {
        if (!closed) {
            backend.close();
        }
    }

    private int poll() throws IOException {
        return backend.poll(keys, readiness, 0);
    }

    private void addFromAnotherThreadDuringPoll(int fd, long key, int interest) {
        kernel.duringNextPoll = () -> {
            try {
                backend.add(fd, key, interest, PollMode.ONESHOT);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    @Test
    void shouldDescribeItself() {
        assertEquals(Backend.POLL, backend.kind());
        assertTrue(backend.supportsLevel());
        assertFalse(backend.supportsEdge());
        assertTrue(backend.supportsRawDescriptors());
    }

    @Test
    void shouldRejectEdgeModes() {
        assertThrows(UnsupportedOperationException.class, () -> backend.add(10, 1, Interest.READABLE, PollMode.EDGE));
        assertThrows(UnsupportedOperationException.class,
                () -> backend.add(10, 1, Interest.READABLE, PollMode.EDGE_ONESHOT));
    }

    @Test
    void shouldPollTheWakePipeAtIndexZero() throws IOException {
        assertEquals(0, poll());
        assertArrayEquals(new int[] {WAKE_READ, ABI.pollIn}, kernel.lastEntries()[0]);
        assertEquals(1, kernel.lastEntries().length);
    }

    @Test
    void shouldCopyRegistrationsIntoTheArrayBeforePolling() throws IOException {
        backend.add(10, 1, Interest.READABLE, PollMode.ONESHOT);
        backend.add(11, 2, Interest.WRITABLE, PollMode.LEVEL);
        backend.add(12, 3, Interest.BOTH, PollMode.ONESHOT);
        poll();
        int[][] passed = kernel.lastEntries();
        assertEquals(4, passed.length);
        assertArrayEquals(new int[] {10, IN_PRI}, passed[1]);
        assertArrayEquals(new int[] {11, ABI.pollOut}, passed[2]);
        assertArrayEquals(new int[] {12, IN_PRI | ABI.pollOut}, passed[3]);
    }

    @Test
    void shouldMoveTheLastEntryIntoADeletedOne() throws IOException {
        backend.add(10, 1, Interest.READABLE, PollMode.ONESHOT);
        backend.add(11, 2, Interest.READABLE, PollMode.ONESHOT);
        backend.add(12, 3, Interest.READABLE, PollMode.ONESHOT);
        poll();
        backend.delete(10);
        poll();
        assertEquals(List.of(WAKE_READ, 12, 11), kernel.lastFds());
    }

    @Test
    void shouldKeepADisarmedSourceDisarmedWhenADeleteMovesIt() throws IOException {
        backend.add(10, 1, Interest.READABLE, PollMode.ONESHOT);
        backend.add(11, 2, Interest.READABLE, PollMode.ONESHOT);
        kernel.ready.put(11, (int) ABI.pollIn);
        assertEquals(1, poll());
        backend.delete(10); // slot of 11 moves into slot 0
        assertEquals(0, poll(), "moving a source must not re-arm it");
        assertEquals(List.of(WAKE_READ, PollFdArray.IGNORED), kernel.lastFds());
    }

    @Test
    void shouldNotPollASourceWithNoInterestEvenForHangUp() throws IOException {
        backend.add(10, 1, Interest.NONE, PollMode.LEVEL);
        kernel.ready.put(10, (int) ABI.pollHup);
        assertEquals(0, poll());
        assertEquals(PollFdArray.IGNORED, kernel.lastEntries()[1][0]);
    }

    @Test
    void shouldReportAOneshotSourceOnceUntilModified() throws IOException {
        backend.add(10, 42, Interest.READABLE, PollMode.ONESHOT);
        kernel.ready.put(10, (int) ABI.pollIn);
        assertEquals(1, poll());
        assertEquals(42, keys[0]);
        assertEquals(Interest.READABLE, readiness[0]);

        assertEquals(0, poll(), "still ready, but disarmed");
        assertEquals(PollFdArray.IGNORED, kernel.lastEntries()[1][0], "disarmed by fd -1, not events 0");

        backend.modify(10, 43, Interest.READABLE, PollMode.ONESHOT);
        assertEquals(1, poll());
        assertEquals(43, keys[0]);
    }

    @Test
    void shouldKeepALevelSourceArmed() throws IOException {
        backend.add(10, 42, Interest.READABLE, PollMode.LEVEL);
        kernel.ready.put(10, (int) ABI.pollIn);
        for (int i = 0; i < 3; i++) {
            assertEquals(1, poll());
            assertEquals(42, keys[0]);
        }
        assertEquals(10, kernel.lastEntries()[1][0]);
    }

    @Test
    void shouldMaskReadinessByInterest() throws IOException {
        backend.add(10, 1, Interest.READABLE, PollMode.LEVEL);
        backend.add(11, 2, Interest.WRITABLE, PollMode.LEVEL);
        kernel.ready.put(10, (int) ABI.pollHup);
        kernel.ready.put(11, ABI.pollErr | ABI.pollIn);
        assertEquals(2, poll());
        assertEquals(1, keys[0]);
        assertEquals(Interest.READABLE, readiness[0], "hang-up shows in the direction of interest only");
        assertEquals(2, keys[1]);
        assertEquals(Interest.WRITABLE, readiness[1], "error shows as writable; POLLIN was not asked for");
    }

    @Test
    void shouldStopPollingAClosedDescriptorAndReportNothing() throws IOException {
        backend.add(10, 1, Interest.READABLE, PollMode.LEVEL);
        backend.add(11, 2, Interest.READABLE, PollMode.LEVEL);
        kernel.closed.add(10);
        kernel.ready.put(11, (int) ABI.pollIn);
        assertEquals(1, poll());
        assertEquals(2, keys[0], "POLLNVAL is never an event");
        assertEquals(1, poll());
        assertEquals(PollFdArray.IGNORED, kernel.lastEntries()[1][0], "no POLLNVAL busy loop");

        backend.delete(10); // the registration survives, so deleting after close still works
        poll();
        assertEquals(List.of(WAKE_READ, 11), kernel.lastFds());
    }

    @Test
    void shouldPollAClosedDescriptorAgainOnlyWhenModified() throws IOException {
        backend.add(10, 1, Interest.READABLE, PollMode.LEVEL);
        kernel.closed.add(10);
        assertEquals(0, poll());
        kernel.closed.remove(10); // the number now names an open descriptor again
        kernel.ready.put(10, (int) ABI.pollIn);
        assertEquals(0, poll(), "not polled under the old registration");
        backend.modify(10, 7, Interest.READABLE, PollMode.LEVEL);
        assertEquals(1, poll());
        assertEquals(7, keys[0]);
    }

    @Test
    void shouldStoreAtMostCapacityAndKeepTheRestArmed() throws IOException {
        for (int fd = 10; fd < 13; fd++) {
            backend.add(fd, fd, Interest.READABLE, PollMode.ONESHOT);
            kernel.ready.put(fd, (int) ABI.pollIn);
        }
        long[] twoKeys = new long[2];
        int[] twoReadiness = new int[2];
        assertEquals(2, backend.poll(twoKeys, twoReadiness, 0));
        assertArrayEquals(new long[] {10, 11}, twoKeys);
        assertEquals(12, kernel.lastFds().get(3));
        assertEquals(1, backend.poll(twoKeys, twoReadiness, 0));
        assertEquals(12, twoKeys[0], "the source that did not fit is reported next");
        assertEquals(0, backend.poll(twoKeys, twoReadiness, 0));
    }

    @Test
    void shouldGiveLevelSourcesBeyondTheCapacityTheirTurn() throws IOException {
        backend.add(10, 10, Interest.READABLE, PollMode.LEVEL);
        backend.add(11, 11, Interest.READABLE, PollMode.LEVEL);
        kernel.ready.put(10, (int) ABI.pollIn);
        kernel.ready.put(11, (int) ABI.pollIn);
        long[] oneKey = new long[1];
        int[] oneReadiness = new int[1];
        backend.poll(oneKey, oneReadiness, 0);
        long first = oneKey[0];
        backend.poll(oneKey, oneReadiness, 0);
        assertEquals(first == 10 ? 11 : 10, oneKey[0]);
    }

    @Test
    void shouldNotPokeForChangesMadeOutsideAPoll() throws IOException {
        backend.add(10, 1, Interest.READABLE, PollMode.ONESHOT);
        backend.modify(10, 1, Interest.WRITABLE, PollMode.ONESHOT);
        backend.delete(10);
        assertEquals(0L, kernel.wakeWrites());
    }

    @Test
    void shouldPokeAndRepollWithoutReportingAWakeupForAChangeDuringAPoll() throws IOException {
        kernel.ready.put(10, (int) ABI.pollIn);
        addFromAnotherThreadDuringPoll(10, 5, Interest.READABLE);
        assertEquals(0, backend.poll(keys, readiness, -1), "internal: 0 so that the Poller polls again, not WOKEN");
        assertEquals(1L, kernel.wakeWrites());
        assertEquals(0, kernel.pipeBytes(), "drained");
        assertEquals(1, backend.poll(keys, readiness, -1));
        assertEquals(5, keys[0]);
        assertEquals(List.of(WAKE_READ, 10), kernel.lastFds());
    }

    @Test
    void shouldPokeOnceForManyChangesDuringOnePoll() throws IOException {
        kernel.duringNextPoll = () -> {
            try {
                backend.add(10, 1, Interest.READABLE, PollMode.ONESHOT);
                backend.add(11, 2, Interest.READABLE, PollMode.ONESHOT);
                backend.delete(10);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        assertEquals(0, backend.poll(keys, readiness, -1));
        assertEquals(1L, kernel.wakeWrites());
        backend.poll(keys, readiness, 0);
        assertEquals(List.of(WAKE_READ, 11), kernel.lastFds());
    }

    @Test
    void shouldDropResultsOfASourceChangedDuringThePoll() throws IOException {
        backend.add(10, 1, Interest.READABLE, PollMode.ONESHOT);
        kernel.ready.put(10, (int) ABI.pollIn);
        kernel.duringNextPoll = () -> {
            try {
                backend.modify(10, 2, Interest.READABLE, PollMode.ONESHOT);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        assertEquals(0, backend.poll(keys, readiness, -1), "the result belongs to the old registration");
        assertEquals(1, backend.poll(keys, readiness, -1));
        assertEquals(2, keys[0], "reported once, under the new key");
    }

    @Test
    void shouldDropResultsOfASourceDeletedDuringThePoll() throws IOException {
        backend.add(10, 1, Interest.READABLE, PollMode.LEVEL);
        backend.add(11, 2, Interest.READABLE, PollMode.LEVEL);
        kernel.ready.put(10, (int) ABI.pollIn);
        kernel.duringNextPoll = () -> {
            try {
                backend.delete(10);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        assertEquals(0, backend.poll(keys, readiness, -1));
    }

    @Test
    void shouldReturnWokenAndDrainOnAUserWakeup() throws IOException {
        backend.wakeup();
        backend.wakeup();
        assertEquals(1L, kernel.wakeWrites(), "coalesced");
        assertEquals(PollerBackend.WOKEN, poll());
        assertEquals(0, kernel.pipeBytes());
        assertEquals(0, poll(), "consumed: the next poll is not woken");
        backend.wakeup();
        assertEquals(2L, kernel.wakeWrites(), "re-enabled once consumed");
    }

    @Test
    void shouldReturnEventsRatherThanWokenWhenBothArrive() throws IOException {
        backend.add(10, 1, Interest.READABLE, PollMode.LEVEL);
        kernel.ready.put(10, (int) ABI.pollIn);
        backend.wakeup();
        assertEquals(1, poll());
        assertEquals(0, kernel.pipeBytes());
        assertEquals(1, poll());
    }

    @Test
    void shouldReportAUserWakeupThatCoincidesWithAnInternalPoke() throws IOException {
        kernel.duringNextPoll = () -> {
            backend.wakeup();
            try {
                backend.add(10, 1, Interest.READABLE, PollMode.ONESHOT);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        assertEquals(PollerBackend.WOKEN, backend.poll(keys, readiness, -1));
        assertEquals(2L, kernel.wakeWrites(), "one user byte, one internal byte");
    }

    @Test
    void shouldRoundTimeoutsUpToWholeMilliseconds() throws IOException {
        backend.poll(keys, readiness, 0);
        backend.poll(keys, readiness, 1);
        backend.poll(keys, readiness, 1_000_000);
        backend.poll(keys, readiness, 1_000_001);
        backend.poll(keys, readiness, -1);
        backend.poll(keys, readiness, Long.MAX_VALUE);
        assertEquals(List.of(0, 1, 1, 2, -1, Integer.MAX_VALUE), kernel.timeouts);
    }

    @Test
    void shouldReturnZeroWhenInterrupted() throws IOException {
        kernel.failNextPollWith = Errno.EINTR;
        assertEquals(0, backend.poll(keys, readiness, -1));
    }

    @Test
    void shouldNamePollAndErrnoWhenPollFails() {
        kernel.failNextPollWith = 22;
        IOException e = assertThrows(IOException.class, () -> backend.poll(keys, readiness, 5_000_000));
        assertEquals("poll(nfds 1, timeout 5 ms): EINVAL (Invalid argument)", e.getMessage());
    }

    @Test
    void shouldRefuseADescriptorThatIsNotOpen() throws IOException {
        kernel.closed.add(10);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> backend.add(10, 1, Interest.READABLE, PollMode.ONESHOT));
        assertTrue(e.getMessage().contains("EBADF"), e.getMessage());
        backend.add(11, 1, Interest.READABLE, PollMode.ONESHOT); // still usable
        poll();
        assertEquals(List.of(WAKE_READ, 11), kernel.lastFds());
    }

    @Test
    void shouldLeaveAlreadyRegisteredToTheDescriptorTable() throws IOException {
        backend.add(10, 1, Interest.READABLE, PollMode.ONESHOT);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> backend.add(10, 2, Interest.READABLE, PollMode.ONESHOT));
        assertTrue(e.getMessage().contains("already registered"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> backend.modify(11, 2, Interest.READABLE, PollMode.ONESHOT));
    }

    @Test
    void shouldGrowTheArrayBeyondItsFirstCapacity() throws IOException {
        for (int fd = 1000; fd < 1200; fd++) {
            backend.add(fd, fd, Interest.READABLE, PollMode.LEVEL);
        }
        kernel.ready.put(1199, (int) ABI.pollIn);
        assertEquals(1, poll());
        assertEquals(1199, keys[0]);
        assertEquals(201, kernel.lastEntries().length);
    }

    @Test
    void shouldCloseBothPipeEndsAndIgnoreLaterWakeups() throws IOException {
        backend.close();
        closed = true;
        assertEquals(1, kernel.closeCount(WAKE_READ));
        assertEquals(1, kernel.closeCount(WAKE_WRITE));
        backend.wakeup();
        assertEquals(0L, kernel.wakeWrites());
    }
}
