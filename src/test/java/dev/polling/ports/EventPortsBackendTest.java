package dev.polling.ports;

import static dev.polling.ports.PortsAbi.POLLERR;
import static dev.polling.ports.PortsAbi.POLLHUP;
import static dev.polling.ports.PortsAbi.POLLIN;
import static dev.polling.ports.PortsAbi.POLLOUT;
import static dev.polling.ports.PortsAbi.POLLPRI;
import static dev.polling.ports.FakePortsOs.fd;
import static dev.polling.ports.FakePortsOs.wake;
import static dev.polling.spi.Interest.BOTH;
import static dev.polling.spi.Interest.NONE;
import static dev.polling.spi.Interest.READABLE;
import static dev.polling.spi.Interest.WRITABLE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import dev.polling.ports.FakePortsOs.Association;
import dev.polling.ports.FakePortsOs.Result;
import dev.polling.spi.Errno;
import dev.polling.spi.FileFlags;
import dev.polling.spi.Platform;
import dev.polling.spi.PollerBackend;

/** The event-ports backend's logic against a scripted port: associations, re-arm, port_getn results, wake-up. */
class EventPortsBackendTest {
    private final FakePortsOs kernel = new FakePortsOs();
    private EventPortsBackend backend;
    private final long[] keys = new long[8];
    private final int[] readiness = new int[8];

    private EventPortsBackend open() throws IOException {
        backend = new EventPortsBackend(kernel);
        return backend;
    }

    @AfterEach
    void closeBackend() throws IOException {
        if (backend != null) {
            backend.close();
        }
    }

    private int poll(long timeoutNanos) throws IOException {
        return backend.poll(keys, readiness, timeoutNanos);
    }

    private long userOfLastAssociation() {
        return kernel.lastAssociation().user();
    }

    // ------------------------------------------------------------------ opening

    @Test
    void shouldCreateTheCloseOnExecPortAndDoNoMoreThanOneshot() throws IOException {
        open();
        assertTrue(kernel.calls.contains("fcntl(" + FakePortsOs.PORT + ", " + FileFlags.current().fSetFd() + ", "
                + FileFlags.current().fdCloexec() + ")"));
        assertFalse(backend.supportsLevel());
        assertFalse(backend.supportsEdge());
        assertEquals(Backend.EVENT_PORTS, backend.kind());
    }

    @Test
    void shouldReportAFailedPortCreate() {
        kernel.failNext("port_create", Errno.EMFILE);
        IOException e = assertThrows(IOException.class, this::open);
        assertEquals("port_create(): EMFILE (Too many open files)", e.getMessage());
    }

    @Test
    void shouldRefuseToOpenOnLinuxAndSayWhy() {
        assumeTrue(Platform.current().os() == Platform.Os.LINUX, "checks the message Linux gives");
        assumeTrue(System.getProperty("polling.event_ports.library") == null, "an event-port library was given");
        IOException e = assertThrows(IOException.class, () -> Poller.create(Backend.EVENT_PORTS));
        assertTrue(e.getMessage().contains("event ports are not available on Linux: no port_create() in libc; set -Dpolling.event_ports.library="),
                e.getMessage());
    }

    @Test
    void shouldRefuseAForcedEventPortsBackendOnLinux() {
        assumeTrue(Platform.current().os() == Platform.Os.LINUX, "checks the message Linux gives");
        assumeTrue(System.getProperty("polling.event_ports.library") == null, "an event-port library was given");
        String previous = System.setProperty("polling.backend", "event_ports");
        try {
            IOException e = assertThrows(IOException.class, Poller::create);
            assertTrue(e.getMessage().contains("event ports are not available on Linux"), e.getMessage());
        } finally {
            if (previous == null) {
                System.clearProperty("polling.backend");
            } else {
                System.setProperty("polling.backend", previous);
            }
        }
    }

    // ------------------------------------------------------------------ associations

    @Test
    void shouldAssociateWithThePollBitsOfTheInterest() throws IOException {
        open();
        backend.add(7, 70, READABLE, PollMode.ONESHOT);
        assertEquals(POLLIN | POLLPRI | POLLHUP | POLLERR, kernel.lastAssociation().events());
        assertEquals(7, kernel.lastAssociation().fd());
        backend.add(8, 80, WRITABLE, PollMode.ONESHOT);
        assertEquals(POLLOUT | POLLHUP | POLLERR, kernel.lastAssociation().events());
        backend.add(9, 90, BOTH, PollMode.ONESHOT);
        assertEquals(POLLIN | POLLPRI | POLLOUT | POLLHUP | POLLERR, kernel.lastAssociation().events());
    }

    @Test
    void shouldNotAssociateASourceWithNoInterest() throws IOException {
        open();
        backend.add(7, 70, NONE, PollMode.ONESHOT);
        assertTrue(kernel.associations.isEmpty());
        backend.modify(7, 70, NONE, PollMode.ONESHOT);
        assertEquals(List.of(7L), kernel.dissociations);
    }

    @ParameterizedTest
    @EnumSource(value = PollMode.class, names = {"LEVEL", "EDGE", "EDGE_ONESHOT"})
    void shouldRefuseEveryModeButOneshot(PollMode mode) throws IOException {
        open();
        assertThrows(UnsupportedOperationException.class, () -> backend.add(7, 70, READABLE, mode));
    }

    @Test
    void shouldAssociateOnlyOnAddAndModifyNeverAfterAnEvent() throws IOException {
        open();
        backend.add(7, 70, READABLE, PollMode.ONESHOT);
        long gen = userOfLastAssociation();
        kernel.queueEvents(fd(7, POLLIN, gen));
        assertEquals(1, poll(0));
        assertEquals(1, kernel.associations.size(), "the event dissociated it: nothing re-associated");
        backend.modify(7, 71, READABLE, PollMode.ONESHOT);
        assertEquals(2, kernel.associations.size());
        assertTrue(kernel.lastAssociation().user() != gen, "a fresh generation");
    }

    @Test
    void shouldTreatEnoentOnDissociateAsAlreadyDone() throws IOException {
        open();
        backend.add(7, 70, READABLE, PollMode.ONESHOT);
        kernel.dissociateErrno = Errno.ENOENT;
        backend.delete(7);
        assertEquals(List.of(7L), kernel.dissociations);
    }

    @Test
    void shouldReportOtherDissociateErrors() throws IOException {
        open();
        backend.add(7, 70, READABLE, PollMode.ONESHOT);
        kernel.dissociateErrno = 13; // EACCES: associated by another process
        IOException e = assertThrows(IOException.class, () -> backend.delete(7));
        assertEquals("port_dissociate(delete, fd 7): EACCES (Permission denied)", e.getMessage());
    }

    @Test
    void shouldNotDissociateASourceWhoseChannelWasClosed() throws Exception {
        open();
        java.nio.channels.Pipe pipe = java.nio.channels.Pipe.open();
        try (var sink = pipe.sink()) {
            pipe.source().configureBlocking(false);
            backend.add(pipe.source(), 1, READABLE, PollMode.ONESHOT);
            pipe.source().close();
            backend.delete(pipe.source());
            assertTrue(kernel.dissociations.isEmpty(), "close(2) removed the association");
        }
    }

    @Test
    void shouldReportAssociateErrorsWithTheCall() throws IOException {
        open();
        kernel.associateErrno = Errno.EBADF;
        IOException e = assertThrows(IOException.class, () -> backend.add(7, 70, READABLE, PollMode.ONESHOT));
        assertEquals("port_associate(add, fd 7): EBADF (Bad file descriptor)", e.getMessage());
        kernel.associateErrno = Errno.EINVAL;
        assertThrows(IllegalArgumentException.class, () -> backend.add(7, 70, READABLE, PollMode.ONESHOT));
        kernel.associateErrno = 0;
        backend.add(7, 70, READABLE, PollMode.ONESHOT); // the failures left nothing registered
    }

    // ------------------------------------------------------------------ events

    @Test
    void shouldMapPollBitsToReadinessMaskedByInterest() throws IOException {
        open();
        backend.add(7, 70, READABLE, PollMode.ONESHOT);
        long g7 = userOfLastAssociation();
        backend.add(8, 80, WRITABLE, PollMode.ONESHOT);
        long g8 = userOfLastAssociation();
        backend.add(9, 90, BOTH, PollMode.ONESHOT);
        long g9 = userOfLastAssociation();
        kernel.queueEvents(fd(7, POLLHUP, g7), fd(8, POLLOUT, g8), fd(9, POLLERR, g9));
        assertEquals(3, poll(0));
        assertArrayEquals(new long[] {70, 80, 90}, java.util.Arrays.copyOf(keys, 3));
        assertArrayEquals(new int[] {READABLE, WRITABLE, BOTH}, java.util.Arrays.copyOf(readiness, 3));
    }

    @Test
    void shouldReadEveryPollBit() {
        assertEquals(READABLE, EventPortsBackend.readinessOf(POLLIN));
        assertEquals(READABLE, EventPortsBackend.readinessOf(POLLPRI));
        assertEquals(WRITABLE, EventPortsBackend.readinessOf(POLLOUT));
        assertEquals(BOTH, EventPortsBackend.readinessOf(POLLIN | POLLOUT));
        assertEquals(BOTH, EventPortsBackend.readinessOf(POLLHUP));
        assertEquals(BOTH, EventPortsBackend.readinessOf(POLLERR));
        assertEquals(BOTH, EventPortsBackend.readinessOf(PortsAbi.POLLNVAL));
        assertEquals(0, EventPortsBackend.readinessOf(0));
    }

    @Test
    void shouldReportEventsThatComeWithEtime() throws IOException {
        open();
        backend.add(7, 70, READABLE, PollMode.ONESHOT);
        kernel.queue(new Result(Errno.ETIME, 1, fd(7, POLLIN, userOfLastAssociation())));
        assertEquals(1, poll(1_000_000));
        assertEquals(70, keys[0]);
    }

    @Test
    void shouldReportEventsThatComeWithEintr() throws IOException {
        open();
        backend.add(7, 70, READABLE, PollMode.ONESHOT);
        long g7 = userOfLastAssociation();
        backend.add(8, 80, READABLE, PollMode.ONESHOT);
        long g8 = userOfLastAssociation();
        kernel.queue(new Result(Errno.EINTR, 2, fd(7, POLLIN, g7), fd(8, POLLIN, g8)));
        assertEquals(2, poll(-1));
        assertArrayEquals(new long[] {70, 80}, java.util.Arrays.copyOf(keys, 2));
    }

    @Test
    void shouldReturnZeroOnEtimeOrEintrWithoutEvents() throws IOException {
        open();
        kernel.queue(new Result(Errno.ETIME, 0));
        assertEquals(0, poll(1000));
        kernel.queue(new Result(Errno.EINTR, 0));
        assertEquals(0, poll(-1));
    }

    @Test
    void shouldTrustTheSourceWordWhenTheKernelLeavesNgetUnset() throws IOException {
        open();
        backend.add(7, 70, READABLE, PollMode.ONESHOT);
        kernel.queue(new Result(Errno.ETIME, 1)); // nget still 1, yet nothing was written
        assertEquals(0, poll(1000));
        assertEquals(1, kernel.ngetIn.get(0), "nget starts at 1: wait for one event");
    }

    @Test
    void shouldThrowOtherPortGetnErrors() throws IOException {
        open();
        kernel.queue(new Result(Errno.EBADF, 0));
        IOException e = assertThrows(IOException.class, () -> poll(0));
        assertEquals("port_getn(port 40): EBADF (Bad file descriptor)", e.getMessage());
    }

    @Test
    void shouldPassTimeoutsAsTimespecsAndTheCallersCapacity() throws IOException {
        open();
        backend.poll(new long[3], new int[3], 0);
        poll(2_000_000_500L);
        poll(-1);
        poll(Long.MAX_VALUE);
        assertArrayEquals(new long[] {0, 0}, kernel.timeouts.get(0));
        assertEquals(3, kernel.maxes.get(0), "never max 0 (a query): the capacity");
        assertArrayEquals(new long[] {2, 500}, kernel.timeouts.get(1));
        assertNull(kernel.timeouts.get(2));
        assertArrayEquals(new long[] {1_000_000, 0}, kernel.timeouts.get(3));
        long[] many = new long[EventPortsBackend.MAX_BATCH + 1];
        backend.poll(many, new int[many.length], 0);
        assertEquals(EventPortsBackend.MAX_BATCH, kernel.maxes.get(4));
    }

    @Test
    void shouldSkipEventsWithNoBitsAndOtherSources() throws IOException {
        open();
        backend.add(7, 70, READABLE, PollMode.ONESHOT);
        long gen = userOfLastAssociation();
        kernel.queueEvents(fd(7, 0, gen), new FakePortsOs.Ev(POLLIN, PortsAbi.PORT_SOURCE_ALERT, 0, 0));
        assertEquals(0, poll(0));
    }

    @Test
    void shouldDropAStaleEventAndAssociateTheCurrentRegistrationAgain() throws IOException {
        open();
        backend.add(7, 70, READABLE, PollMode.ONESHOT);
        long old = userOfLastAssociation();
        backend.modify(7, 71, BOTH, PollMode.ONESHOT);
        long current = userOfLastAssociation();
        kernel.queueEvents(fd(7, POLLIN, old));
        assertEquals(0, poll(0));
        Association again = kernel.lastAssociation();
        assertEquals(new Association(7, POLLIN | POLLPRI | POLLOUT | POLLHUP | POLLERR, current), again,
                "whatever the stale event consumed, the current registration is associated");
        kernel.queueEvents(fd(7, POLLOUT, current));
        assertEquals(1, poll(0));
        assertEquals(71, keys[0]);
    }

    @Test
    void shouldNotReportOrReAssociateADeletedSource() throws IOException {
        open();
        backend.add(7, 70, READABLE, PollMode.ONESHOT);
        long gen = userOfLastAssociation();
        backend.delete(7);
        int associations = kernel.associations.size();
        kernel.queueEvents(fd(7, POLLIN, gen));
        assertEquals(0, poll(0));
        assertEquals(associations, kernel.associations.size());
    }

    @Test
    void shouldReportOneEventPerAssociation() throws IOException {
        open();
        backend.add(7, 70, READABLE, PollMode.ONESHOT);
        long gen = userOfLastAssociation();
        kernel.queueEvents(fd(7, POLLIN, gen), fd(7, POLLIN, gen));
        assertEquals(1, poll(0), "a duplicate under one generation is never a second event");
    }

    // ------------------------------------------------------------------ wake-up

    @Test
    void shouldSendOneUserEventForManyWakeups() throws IOException {
        open();
        backend.wakeup();
        backend.wakeup();
        assertTrue(kernel.calls.contains("port_send(" + FakePortsOs.PORT + ", " + POLLIN + ", " + EventPortsBackend.WAKE_USER + ")"));
        assertEquals(1, kernel.sends);
        kernel.queueEvents(wake());
        assertEquals(PollerBackend.WOKEN, poll(-1));
        backend.wakeup();
        assertEquals(2, kernel.sends);
    }

    @Test
    void shouldPreferUserEventsToWoken() throws IOException {
        open();
        backend.add(7, 70, READABLE, PollMode.ONESHOT);
        backend.wakeup();
        kernel.queueEvents(wake(), fd(7, POLLIN, userOfLastAssociation()));
        assertEquals(1, poll(-1));
    }

    @Test
    void shouldLetTheNextWakeupRetryWhenPortSendFails() throws IOException {
        open();
        kernel.sendErrno = Errno.EAGAIN;
        backend.wakeup();
        kernel.sendErrno = 0;
        backend.wakeup();
        assertEquals(2, kernel.sends);
    }

    @Test
    void shouldCloseThePortAndIgnoreLaterWakeups() throws IOException {
        open();
        backend.close();
        backend.wakeup();
        assertEquals(0, kernel.sends);
        assertEquals(1, kernel.closeCount(FakePortsOs.PORT));
        backend = null;
    }
}
