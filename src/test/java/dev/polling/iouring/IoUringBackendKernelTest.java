package dev.polling.iouring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.polling.Backend;
import dev.polling.Event;
import dev.polling.Events;
import dev.polling.PollMode;
import dev.polling.Poller;
import dev.polling.detection.BackendDetector;
import dev.polling.detection.BindingDetector;
import dev.polling.spi.Interest;
import dev.polling.testsupport.FreshJvmAllocation;
import dev.polling.testsupport.PollerLoopWorkload;

/**
 * The IO_URING backend against the real kernel: what the fake kernel cannot show (requests owned
 * by threads that exit, a real overflow of the completion ring, a socket's file held by a request,
 * garbage per event). Skipped, with the reason, where io_uring is unavailable.
 */
@Timeout(120)
class IoUringBackendKernelTest {
    private static final Duration CEILING = Duration.ofSeconds(10);
    private static final Duration QUIET = Duration.ofMillis(50);

    private final List<Pipe> pipes = new ArrayList<>();
    private final Events events = Events.withCapacity(64);
    private Poller poller;

    @BeforeAll
    static void requireIoUring() {
        String reason = BackendDetector.unavailableReason(Backend.IO_URING);
        assumeTrue(reason == null, () -> "IO_URING backend unavailable here: " + reason);
    }

    @BeforeEach
    void open() throws IOException {
        poller = Poller.create(Backend.IO_URING);
    }

    @AfterEach
    void close() throws IOException {
        poller.close();
        for (Pipe p : pipes) {
            p.source().close();
            p.sink().close();
        }
    }

    @Test
    void shouldKeepARequestSubmittedByAThreadThatThenExits() throws Exception {
        IoUringBackend backend = IoUringBackend.open(os(), IoUringBackend.DEFAULT_SQ_ENTRIES, IoUringBackend.DEFAULT_CQ_ENTRIES);
        try {
            Pipe pipe = pipe();
            long[] keys = new long[8];
            int[] readiness = new int[8];
            backend.add(pipe.source(), 1, Interest.READABLE, PollMode.ONESHOT);
            backend.poll(keys, readiness, 0);
            write(pipe);
            assertEquals(1, backend.poll(keys, readiness, CEILING.toNanos()));

            // The change is submitted by a thread that then exits. A request belongs to the thread
            // that submitted it, and kernels before about 6.15 end such a request with ECANCELED
            // instead of an event once that thread is gone (its completion work may not run
            // elsewhere); later ones complete it normally. Either way the source must go on: a
            // cancellation is answered by submitting the request again, not reported as an error
            // nor left silent. LEVEL shows which, as only a re-armed level source reports again.
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread polling = new Thread(() -> {
                try {
                    long[] mine = new long[8];
                    int n = backend.poll(mine, new int[8], CEILING.toNanos());
                    if (n != 1 || mine[0] != 2) {
                        throw new AssertionError("expected the changed source's event, got " + n + " event(s)");
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            polling.start();
            awaitWaiting(backend);
            Thread changer = new Thread(() -> {
                try {
                    pipe.source().read(ByteBuffer.allocate(8));
                    backend.modify(pipe.source(), 2, Interest.READABLE, PollMode.LEVEL); // submitted at once
                } catch (IOException e) {
                    failure.set(e);
                }
            });
            changer.start();
            changer.join();
            write(pipe);
            polling.join(CEILING.toMillis() * 2);
            assertFalse(polling.isAlive(), "the poll never saw the event of a source changed by an exited thread");
            if (failure.get() != null) {
                throw new AssertionError(failure.get());
            }
            for (int i = 0; i < 3; i++) {
                assertEquals(1, backend.poll(keys, readiness, CEILING.toNanos()),
                        "a level source still ready must be reported at every poll");
                assertEquals(2, keys[0]);
            }
        } finally {
            backend.close();
        }
    }

    @Test
    void shouldWakeUpAPollerOpenedByAThreadThatHasExited() throws Exception {
        AtomicReference<Poller> opened = new AtomicReference<>();
        Thread opener = new Thread(() -> {
            try {
                opened.set(Poller.create(Backend.IO_URING)); // arms the wake-up request, then exits
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        opener.start();
        opener.join();
        try (Poller p = opened.get()) {
            Pipe pipe = pipe();
            p.add(pipe.source(), Event.readable(7));
            p.wakeup();
            long start = System.nanoTime();
            assertEquals(0, p.poll(events, CEILING), "the wake-up ends the poll");
            assertTrue(System.nanoTime() - start < CEILING.toNanos() / 2, "the wake-up came late");
            write(pipe);
            assertEquals(1, p.poll(events, CEILING));
            assertEquals(7, events.key(0));
        }
    }

    @Test
    void shouldDeliverEveryEventOnceThroughARealCompletionRingOverflow() throws IOException {
        IoUringBackend backend = IoUringBackend.open(os(), 2, 2); // the kernel's smallest rings
        try {
            List<Pipe> ready = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                Pipe p = pipe();
                ready.add(p);
                backend.add(p.source(), i, Interest.READABLE, PollMode.ONESHOT);
            }
            long[] keys = new long[64];
            int[] readiness = new int[64];
            for (int i = 0; i < 20; i++) {
                backend.poll(keys, readiness, 0); // two entries per call: ten calls arm all twenty
            }
            for (Pipe p : ready) {
                write(p); // twenty completions at once into a two-entry ring
            }
            Set<Long> seen = new HashSet<>();
            long deadline = System.nanoTime() + CEILING.toNanos();
            while (seen.size() < 20 && System.nanoTime() - deadline < 0) {
                int n = backend.poll(keys, readiness, CEILING.toNanos());
                for (int i = 0; i < n; i++) {
                    assertTrue(seen.add(keys[i]), "reported twice: " + keys[i]);
                }
            }
            assertEquals(20, seen.size(), "events lost in the overflow: saw " + seen);
            assertEquals(0, backend.poll(keys, readiness, 0), "oneshot: nothing more");
        } finally {
            backend.close();
        }
    }

    @Test
    void shouldMergeSeveralWritesBeforeAPollIntoOneEdgeEvent() throws IOException {
        Pipe pipe = pipe();
        poller.add(pipe.source(), Event.readable(3), PollMode.EDGE);
        poller.poll(events, Duration.ZERO);
        write(pipe);
        write(pipe);
        write(pipe);
        assertEquals(1, poller.poll(events, CEILING), () -> "one edge event for three writes, got " + events);
        assertEquals(0, poller.poll(events, QUIET));
        write(pipe);
        assertEquals(1, poller.poll(events, CEILING), "a new write is a new edge");
    }

    @Test
    void shouldLetTheFileOfADeletedChannelGoAtOnce() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            SocketChannel client = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
            try (Socket peer = server.accept()) {
                client.configureBlocking(false);
                poller.add(client, Event.readable(1));
                poller.poll(events, Duration.ZERO); // the request is in the kernel, holding the socket

                poller.delete(client);
                client.close();
                assertClosedByPeer(peer, "a deleted, closed channel must close its connection at once");
            }
        }
    }

    @Test
    void shouldNeverReportAChannelClosedWhileRegisteredAndLetItsFileGoWhenItsRequestEnds() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            SocketChannel client = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
            try (Socket peer = server.accept()) {
                client.configureBlocking(false);
                poller.add(client, Event.readable(1), PollMode.EDGE);
                poller.poll(events, Duration.ZERO);

                client.close(); // not deleted: the in-flight request keeps the socket open
                peer.getOutputStream().write(1); // ... until it completes
                assertEquals(0, poller.poll(events, QUIET), () -> "a closed channel was reported: " + events);
                assertEquals(0, poller.poll(events, Duration.ZERO));
                assertClosedByPeer(peer, "the closed channel's connection must close once its request ended");
            }
        }
    }

    @Test
    void shouldCloseAConnectionWhoseChannelWasClosedWhileArmedWhenThePollerCloses() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            SocketChannel client = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
            try (Socket peer = server.accept()) {
                client.configureBlocking(false);
                poller.add(client, Event.readable(1));
                poller.poll(events, Duration.ZERO);
                client.close(); // documented: stays open while the request is in flight
                poller.close(); // the kernel cancels every request and drops their files
                assertClosedByPeer(peer, "closing the poller must let the file go");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"IO_URING", "IO_URING timed"})
    void shouldAllocateNothingPerEventInSteadyState(String loop) throws Exception {
        FreshJvmAllocation.Result r = FreshJvmAllocation.measure(PollerLoopWorkload.class, loop, 1024, Map.of());
        assertTrue(r.bytes() < 1024, r + ": the loop (poll, read, write, modify) allocates");
    }

    /** The peer's read ends (EOF or reset) within the ceiling: the connection was closed on our side. */
    private static void assertClosedByPeer(Socket peer, String message) throws IOException {
        peer.setSoTimeout((int) CEILING.toMillis());
        InputStream in = peer.getInputStream();
        try {
            int b;
            do {
                b = in.read();
            } while (b >= 0);
        } catch (SocketTimeoutException e) {
            throw new AssertionError(message + ": the peer still saw the connection open after " + CEILING, e);
        } catch (SocketException reset) {
            // closed with unread data: a reset, which closes it too
        }
    }

    /** Waits (boundedly) until a poll of {@code backend} is in, or on its way into, its blocking io_uring_enter. */
    private static void awaitWaiting(IoUringBackend backend) {
        long deadline = System.nanoTime() + CEILING.toNanos();
        while (!backend.pollWaiting()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the polling thread never blocked");
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    /** The io_uring OS of the binding this JVM uses. */
    private static IoUringOs os() {
        return BindingDetector.chosen().load(IoUringOs.class);
    }

    private Pipe pipe() throws IOException {
        Pipe p = Pipe.open();
        p.source().configureBlocking(false);
        p.sink().configureBlocking(false);
        pipes.add(p);
        return p;
    }

    private static void write(Pipe p) throws IOException {
        p.sink().write(ByteBuffer.wrap(new byte[] {1}));
    }
}
