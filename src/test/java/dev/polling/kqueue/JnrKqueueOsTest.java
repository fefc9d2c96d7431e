package dev.polling.kqueue;

import static dev.polling.spi.Interest.BOTH;
import static dev.polling.spi.Interest.READABLE;
import static dev.polling.spi.Interest.WRITABLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.polling.Backend;
import dev.polling.Event;
import dev.polling.Events;
import dev.polling.PollMode;
import dev.polling.Poller;
import dev.polling.detection.BindingDetector;
import dev.polling.spi.Binding;
import dev.polling.spi.Errno;
import dev.polling.spi.Platform;
import dev.polling.spi.PollerBackend;
import dev.polling.testsupport.FreshJvmAllocation;
import dev.polling.testsupport.PollerLoopWorkload;

/**
 * The JNR binding end to end: the real {@link KqueueBackend} over {@code JnrKqueueOs} (found through {@link Binding}), bound to
 * a kqueue stand-in compiled from {@code fake_kqueue.c} for each struct layout (32, 64, NetBSD 40),
 * so that Java's offsets meet a C compiler's. The stand-in emulates kqueue on ppoll(2): these tests
 * prove the binding and the backend's use of it, not any real kernel's behaviour.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JnrKqueueOsTest {
    @BeforeAll
    static void buildStandIns() {
        for (int layout : new int[] {32, 64, 40}) {
            KqueueStandIn.library(layout);
        }
    }

    private static Path library(int layout) {
        return KqueueStandIn.library(layout);
    }

    private static void assumeBuilt() {
        assumeTrue(KqueueStandIn.skipReason() == null, KqueueStandIn.skipReason());
    }

    /** Runs {@code body} with -Dpolling.kqueue.library naming the stand-in of {@code layout}. */
    private static <T> T withLibrary(int layout, IoSupplier<T> body) throws Exception {
        String previous = System.setProperty("polling.kqueue.library", library(layout).toString());
        try {
            return body.get();
        } finally {
            if (previous == null) {
                System.clearProperty("polling.kqueue.library");
            } else {
                System.setProperty("polling.kqueue.library", previous);
            }
        }
    }

    interface IoSupplier<T> {
        T get() throws Exception;
    }

    private static Poller poller() throws Exception {
        return withLibrary(32, () -> Poller.create(Backend.KQUEUE));
    }

    private static Pipe pipe() throws IOException {
        Pipe p = Pipe.open();
        p.source().configureBlocking(false);
        p.sink().configureBlocking(false);
        return p;
    }

    private static void send(Pipe p) throws IOException {
        assertEquals(1, p.sink().write(ByteBuffer.wrap(new byte[] {1})));
    }

    // ------------------------------------------------------------------ through the Poller

    @Test
    void shouldDeliverOneshotEventsUntilModifyThroughThePoller() throws Exception {
        assumeBuilt();
        Pipe p = pipe();
        try (Poller poller = poller(); var source = p.source(); var sink = p.sink()) {
            assertEquals(Backend.KQUEUE, poller.backend());
            Events events = Events.withCapacity(4);
            poller.add(source, Event.readable(11));
            assertEquals(0, poller.poll(events, Duration.ZERO));
            send(p);
            assertEquals(1, poller.poll(events, Duration.ofSeconds(5)));
            assertEquals(11, events.key(0));
            assertTrue(events.isReadable(0));
            assertFalse(events.isWritable(0));
            assertEquals(0, poller.poll(events, Duration.ofMillis(20)), "oneshot: disarmed though still readable");
            poller.modify(source, Event.readable(12));
            assertEquals(1, poller.poll(events, Duration.ofSeconds(5)));
            assertEquals(12, events.key(0));
            poller.delete(source);
            assertEquals(0, poller.poll(events, Duration.ZERO));
        }
    }

    @Test
    void shouldReportEveryPollInLevelMode() throws Exception {
        assumeBuilt();
        Pipe p = pipe();
        try (Poller poller = poller(); var source = p.source(); var sink = p.sink()) {
            Events events = Events.withCapacity(4);
            poller.add(source, Event.readable(3), PollMode.LEVEL);
            send(p);
            for (int i = 0; i < 3; i++) {
                assertEquals(1, poller.poll(events, Duration.ofSeconds(5)));
                assertEquals(3, events.key(0));
            }
        }
    }

    @Test
    void shouldKeepAOneshotSocketSilentAfterOneFilterFiredUntilModify() throws Exception {
        assumeBuilt();
        try (Poller poller = poller();
             ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             SocketChannel client = SocketChannel.open(server.getLocalAddress());
             SocketChannel accepted = server.accept()) {
            client.configureBlocking(false);
            accepted.configureBlocking(false);
            Events events = Events.withCapacity(4);
            poller.add(client, Event.all(5));
            assertEquals(1, poller.poll(events, Duration.ofSeconds(5)));
            assertTrue(events.isWritable(0), "a fresh connection is writable");
            accepted.write(ByteBuffer.wrap(new byte[] {1}));
            assertEquals(0, poller.poll(events, Duration.ofMillis(50)), "the read knote, still armed, must not make a second event");
            poller.modify(client, Event.all(6));
            assertEquals(1, poller.poll(events, Duration.ofSeconds(5)));
            assertEquals(6, events.key(0));
            assertTrue(events.isReadable(0) && events.isWritable(0), "both filters in one batch: one event");
        }
    }

    @Test
    void shouldReportEndOfStreamAsReadable() throws Exception {
        assumeBuilt();
        Pipe p = pipe();
        try (Poller poller = poller(); var source = p.source()) {
            Events events = Events.withCapacity(4);
            poller.add(source, Event.readable(8));
            p.sink().close();
            assertEquals(1, poller.poll(events, Duration.ofSeconds(5)));
            assertTrue(events.isReadable(0));
        }
    }

    @Test
    void shouldWakeABlockedPollFromAnotherThread() throws Exception {
        assumeBuilt();
        try (Poller poller = poller()) {
            Events events = Events.withCapacity(4);
            CountDownLatch polling = new CountDownLatch(1);
            Thread pollingThread = Thread.currentThread();
            Thread waker = new Thread(() -> {
                try {
                    polling.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                // Wake once the poll is blocked in kevent (bounded: an early wakeup is still a pass).
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (!inNativeCall(pollingThread) && System.nanoTime() - deadline < 0) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1)); // re-checking a condition
                }
                poller.wakeup();
            });
            waker.start();
            polling.countDown();
            long start = System.nanoTime();
            assertEquals(0, poller.poll(events, Duration.ofSeconds(30)));
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20), "woken, not timed out");
            waker.join();
        }
    }

    @Test
    void shouldNeverReturnBeforeTheTimeout() throws Exception {
        assumeBuilt();
        try (Poller poller = poller()) {
            Events events = Events.withCapacity(4);
            long start = System.nanoTime();
            assertEquals(0, poller.poll(events, Duration.ofMillis(30)));
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(30));
        }
    }

    // ------------------------------------------------------------------ each layout, through the backend

    private static void roundTrip(int layout, KqueueAbi abi) throws Exception {
        roundTrip(Binding.JNR, layout, abi);
    }

    private static void roundTrip(Binding binding, int layout, KqueueAbi abi) throws Exception {
        KqueueBackend backend = withLibrary(layout, () -> new KqueueBackend(binding.load(KqueueOs.class, KqueueAbi.class, abi), abi));
        Pipe p = pipe();
        try (var source = p.source(); var sink = p.sink()) {
            long[] keys = new long[4];
            int[] readiness = new int[4];
            backend.add(source, 21, READABLE, PollMode.ONESHOT);
            backend.add(sink, 22, WRITABLE, PollMode.LEVEL);
            assertEquals(1, backend.poll(keys, readiness, 5_000_000_000L));
            assertEquals(22, keys[0]);
            assertEquals(WRITABLE, readiness[0]);
            backend.delete(sink);
            send(p);
            assertEquals(1, backend.poll(keys, readiness, 5_000_000_000L));
            assertEquals(21, keys[0]);
            assertEquals(READABLE, readiness[0]);
            backend.wakeup();
            assertEquals(PollerBackend.WOKEN, backend.poll(keys, readiness, 5_000_000_000L));
        } finally {
            backend.close();
        }
    }

    @Test
    void shouldWorkWithThe32ByteKevent() throws Exception {
        assumeBuilt();
        roundTrip(32, KqueueAbi.forPlatform(Platform.of("Linux", "6.1", "amd64")));
    }

    @Test
    void shouldWorkWithFreeBsd12s64ByteKevent() throws Exception {
        assumeBuilt();
        roundTrip(64, new KqueueAbi("FreeBSD 12 layout on Linux", KeventLayout.FREEBSD_64, false, -1, -2, -11));
    }

    @Test
    void shouldWorkWithNetBsdsKevent50AndSizeTCounts() throws Exception {
        assumeBuilt();
        roundTrip(40, new KqueueAbi("NetBSD layout on Linux", KeventLayout.NETBSD_40, true, 0, 1, 8));
    }

    @Test
    void shouldWorkWithEachKeventLayoutThroughTheForeignBinding() throws Exception {
        assumeBuilt();
        String reason = BindingDetector.unusableReason(Binding.FFM);
        assumeTrue(reason == null, reason);
        roundTrip(Binding.FFM, 32, KqueueAbi.forPlatform(Platform.of("Linux", "6.1", "amd64")));
        roundTrip(Binding.FFM, 64, new KqueueAbi("FreeBSD 12 layout on Linux", KeventLayout.FREEBSD_64, false, -1, -2, -11));
        roundTrip(Binding.FFM, 40, new KqueueAbi("NetBSD layout on Linux", KeventLayout.NETBSD_40, true, 0, 1, 8));
    }

    @Test
    void shouldWakeThroughARealPipeWhenTheUserFilterIsRefused() throws Exception {
        assumeBuilt();
        // EVFILT_USER -10 is not one the 32-byte stand-in knows: it answers EINVAL, as OpenBSD < 7.8 would.
        KqueueAbi abi = new KqueueAbi("no EVFILT_USER", KeventLayout.BSD_32, false, -1, -2, -10);
        KqueueBackend backend = withLibrary(32, () -> new KqueueBackend(Binding.JNR.load(KqueueOs.class, KqueueAbi.class, abi), abi));
        try {
            assertFalse(backend.usesUserFilter());
            long[] keys = new long[2];
            int[] readiness = new int[2];
            for (int i = 0; i < 3; i++) {
                backend.wakeup();
                backend.wakeup();
                assertEquals(PollerBackend.WOKEN, backend.poll(keys, readiness, 5_000_000_000L));
                assertEquals(0, backend.poll(keys, readiness, 0), "drained: no second wake-up");
            }
        } finally {
            backend.close();
        }
    }

    // ------------------------------------------------------------------ errno through the binding

    @Test
    void shouldCarryTheErrnoOfAFailedChangeAndOfAFailedCall() throws Exception {
        assumeBuilt();
        KqueueAbi abi = KqueueAbi.forPlatform(Platform.of("Linux", "6.1", "amd64"));
        KqueueOs sys = withLibrary(32, () -> Binding.JNR.load(KqueueOs.class, KqueueAbi.class, abi));
        KqueueBackend backend = new KqueueBackend(sys, abi);
        try {
            IOException e = assertThrows(IOException.class, () -> backend.add(1_000_000, 1, BOTH, PollMode.ONESHOT));
            assertEquals("kevent(add, fd 1000000): EBADF (Bad file descriptor)", e.getMessage());
        } finally {
            backend.close();
        }
        assertEquals(-Errno.EBADF, sys.kevent(-1, null, 0, null, 0, null), "-errno from Runtime.getLastError()");
        assertEquals(-Errno.EBADF, sys.close(-1));
    }

    @Test
    void shouldAllocateNothingPerEventOnceWarm() throws Exception {
        assumeBuilt();
        FreshJvmAllocation.Result r = FreshJvmAllocation.measure(PollerLoopWorkload.class, "KQUEUE", 1024,
                Map.of("polling.kqueue.library", library(32).toString()));
        assertTrue(r.bytes() < 1024, r + ": the loop (poll, read, write, modify) allocates");
    }

    /** Whether {@code t} is inside a native call (for the poller: blocked in the OS wait). */
    private static boolean inNativeCall(Thread t) {
        StackTraceElement[] stack = t.getStackTrace();
        return stack.length > 0 && stack[0].isNativeMethod();
    }
}
