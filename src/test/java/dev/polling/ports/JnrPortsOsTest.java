package dev.polling.ports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.polling.Backend;
import dev.polling.Event;
import dev.polling.Events;
import dev.polling.PollMode;
import dev.polling.Poller;
import dev.polling.spi.Binding;
import dev.polling.spi.Errno;
import dev.polling.spi.NativeBuffer;
import dev.polling.testsupport.FreshJvmAllocation;
import dev.polling.testsupport.PollerLoopWorkload;

/**
 * The JNR binding end to end: the real {@link EventPortsBackend} over {@code JnrPortsOs} (found through {@link Binding}), bound
 * to an event-port stand-in compiled from {@code fake_ports.c} (port_event_t declared as illumos
 * declares it). The stand-in emulates event ports on ppoll(2): these tests prove the binding and
 * the backend's use of it, not illumos' behaviour.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JnrPortsOsTest {
    private static Path library;
    private static String skipReason;

    @BeforeAll
    static void build() {
        library = PortsStandIn.library();
        skipReason = PortsStandIn.skipReason();
    }

    interface IoSupplier<T> {
        T get() throws Exception;
    }

    private static <T> T withLibrary(IoSupplier<T> body) throws Exception {
        assumeTrue(skipReason == null, skipReason);
        String previous = System.setProperty("polling.event_ports.library", library.toString());
        try {
            return body.get();
        } finally {
            if (previous == null) {
                System.clearProperty("polling.event_ports.library");
            } else {
                System.setProperty("polling.event_ports.library", previous);
            }
        }
    }

    private static Poller poller() throws Exception {
        return withLibrary(() -> Poller.create(Backend.EVENT_PORTS));
    }

    private static Pipe pipe() throws IOException {
        Pipe p = Pipe.open();
        p.source().configureBlocking(false);
        p.sink().configureBlocking(false);
        return p;
    }

    @Test
    void shouldDeliverOneEventPerAssociationUntilModify() throws Exception {
        Pipe p = pipe();
        try (Poller poller = poller(); var source = p.source(); var sink = p.sink()) {
            assertEquals(Backend.EVENT_PORTS, poller.backend());
            assertFalse(poller.supportsLevel());
            Events events = Events.withCapacity(4);
            poller.add(source, Event.readable(31));
            assertEquals(0, poller.poll(events, Duration.ZERO));
            sink.write(ByteBuffer.wrap(new byte[] {1}));
            assertEquals(1, poller.poll(events, Duration.ofSeconds(5)));
            assertEquals(31, events.key(0));
            assertTrue(events.isReadable(0));
            assertEquals(0, poller.poll(events, Duration.ofMillis(20)), "dissociated by its event");
            poller.modify(source, Event.readable(32));
            assertEquals(1, poller.poll(events, Duration.ofSeconds(5)));
            assertEquals(32, events.key(0));
            poller.delete(source); // already dissociated: ENOENT is success
        }
    }

    @Test
    void shouldRefuseLevelModeThroughThePoller() throws Exception {
        Pipe p = pipe();
        try (Poller poller = poller(); var source = p.source(); var sink = p.sink()) {
            assertThrows(UnsupportedOperationException.class, () -> poller.add(source, Event.readable(1), PollMode.LEVEL));
        }
    }

    @Test
    void shouldWakeABlockedPollOnceForManyWakeups() throws Exception {
        try (Poller poller = poller()) {
            Events events = Events.withCapacity(4);
            CountDownLatch started = new CountDownLatch(1);
            Thread waker = new Thread(() -> {
                try {
                    started.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                for (int i = 0; i < 100; i++) {
                    poller.wakeup();
                }
            });
            waker.start();
            started.countDown();
            long start = System.nanoTime();
            assertEquals(0, poller.poll(events, Duration.ofSeconds(30)));
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20), "woken, not timed out");
            waker.join();
            // The burst may have straddled the first return: then one more wake-up is pending, never more.
            assertEquals(0, poller.poll(events, Duration.ZERO));
            start = System.nanoTime();
            assertEquals(0, poller.poll(events, Duration.ofMillis(30)));
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(30), "the wake-ups coalesced");
        }
    }

    @Test
    void shouldReportHangUpAsReadable() throws Exception {
        Pipe p = pipe();
        try (Poller poller = poller(); var source = p.source()) {
            Events events = Events.withCapacity(4);
            poller.add(source, Event.readable(9));
            p.sink().close();
            assertEquals(1, poller.poll(events, Duration.ofSeconds(5)));
            assertTrue(events.isReadable(0));
        }
    }

    @Test
    void shouldCarryTheErrnoOfAFailedAssociation() throws Exception {
        EventPortsBackend backend = withLibrary(() -> new EventPortsBackend(Binding.JNR.load(PortsOs.class)));
        try {
            IOException e = assertThrows(IOException.class, () -> backend.add(1_000_000, 1, 1, PollMode.ONESHOT));
            assertEquals("port_associate(add, fd 1000000): EBADF (Bad file descriptor)", e.getMessage());
        } finally {
            backend.close();
        }
    }

    @Test
    void shouldUpdateNgetWhenPortGetnTimesOut() throws Exception {
        PortsOs sys = withLibrary(() -> Binding.JNR.load(PortsOs.class));
        int port = sys.portCreate();
        try (NativeBuffer list = sys.allocate(24 * 2); NativeBuffer nget = sys.allocate(4);
             NativeBuffer ts = sys.allocate(16)) {
            nget.putInt(0, 1);
            assertEquals(-Errno.ETIME, sys.portGetn(port, list, 2, nget, ts));
            assertEquals(0, nget.getInt(0));
            assertEquals(0, sys.portSend(port, PortsAbi.POLLIN, 77));
            nget.putInt(0, 1);
            assertEquals(0, sys.portGetn(port, list, 2, nget, null));
            assertEquals(1, nget.getInt(0));
            assertEquals(PortsAbi.PORT_SOURCE_USER, PortEventLayout.source(list, 0));
            assertEquals(77, PortEventLayout.user(list, 0));
            assertEquals(-Errno.ENOENT, sys.portDissociate(port, PortsAbi.PORT_SOURCE_FD, 0));
        } finally {
            assertEquals(0, sys.close(port));
        }
    }

    @Test
    void shouldAllocateNothingPerEventOnceWarm() throws Exception {
        assumeTrue(skipReason == null, skipReason);
        FreshJvmAllocation.Result r = FreshJvmAllocation.measure(PollerLoopWorkload.class, "EVENT_PORTS", 1024,
                Map.of("polling.event_ports.library", library.toString()));
        assertTrue(r.bytes() < 1024, r + ": the loop (poll, read, write, modify) allocates");
    }
}
