package dev.polling.poll;

import static java.util.concurrent.TimeUnit.SECONDS;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.polling.Backend;
import dev.polling.Event;
import dev.polling.Events;
import dev.polling.PollMode;
import dev.polling.Poller;
import dev.polling.testsupport.FreshJvmAllocation;
import dev.polling.testsupport.PollerLoopWorkload;
import dev.polling.testsupport.ThreadCounters;

/** The POLL backend on the real kernel, through the public API, with JDK pipes and sockets. */
class PollBackendKernelTest {
    private static final Duration LONG = Duration.ofSeconds(30);

    private Poller poller;
    private final Events events = Events.withCapacity(16);
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "poll-kernel-test-poller");
        t.setDaemon(true);
        return t;
    });
    private final AtomicReference<Thread> pollingThread = new AtomicReference<>();
    private final ByteBuffer one = ByteBuffer.allocateDirect(1);
    private final ByteBuffer sink = ByteBuffer.allocateDirect(64);

    @BeforeEach
    void create() {
        try {
            poller = Poller.create(Backend.POLL);
        } catch (IOException e) {
            assumeTrue(false, "the POLL backend is not available here: " + e.getMessage());
        }
    }

    @AfterEach
    void release() throws Exception {
        if (poller != null) {
            poller.close(); // first: it makes a poll still blocked on the executor return
        }
        executor.shutdownNow();
        assertTrue(executor.awaitTermination(30, SECONDS), "the poller thread did not finish");
        for (AutoCloseable r : resources) {
            r.close();
        }
    }

    private Pipe pipe() throws IOException {
        Pipe pipe = Pipe.open();
        pipe.source().configureBlocking(false);
        pipe.sink().configureBlocking(false);
        resources.add(pipe.source());
        resources.add(pipe.sink());
        return pipe;
    }

    private void write(Pipe pipe) throws IOException {
        one.clear().put((byte) 7).flip();
        assertEquals(1, pipe.sink().write(one));
    }

    private void drain(Pipe pipe) throws IOException {
        sink.clear();
        pipe.source().read(sink);
    }

    /** Starts a poll on the executor thread, and returns once that thread is inside the native poll. */
    private Future<Integer> pollInBackground(Duration timeout) {
        Future<Integer> result = executor.submit(() -> {
            pollingThread.set(Thread.currentThread());
            return poller.poll(events, timeout);
        });
        awaitInsideNativePoll();
        return result;
    }

    private void awaitInsideNativePoll() {
        long deadline = System.nanoTime() + SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Thread t = pollingThread.get();
            if (t != null) {
                for (StackTraceElement frame : t.getStackTrace()) {
                    // PollOs.poll of whichever binding serves: poll.jnr.JnrPollOs or poll.ffm.FfmPollOs
                    if (frame.getClassName().matches("dev\\.polling\\.poll\\.(jnr|ffm)\\.\\w+PollOs") && frame.getMethodName().equals("poll")) {
                        return;
                    }
                }
            }
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200)); // re-check a condition, bounded above
        }
        throw new AssertionError("the poller thread never entered poll(2)");
    }

    private static <T> T within30s(Future<T> future) throws Exception {
        return future.get(30, SECONDS);
    }

    @Test
    void shouldReportAOneshotSourceOnceUntilModified() throws IOException {
        Pipe pipe = pipe();
        Event interest = Event.readable(1);
        poller.add(pipe.source(), interest);
        write(pipe);
        assertEquals(1, poller.poll(events, LONG));
        assertEquals(1, events.key(0));
        assertTrue(events.isReadable(0));
        assertFalse(events.isWritable(0));
        assertEquals(0, poller.poll(events, Duration.ofMillis(20)), "still readable, but disarmed");
        poller.modify(pipe.source(), interest);
        assertEquals(1, poller.poll(events, LONG));
        assertEquals(1, events.key(0));
    }

    @Test
    void shouldReportALevelSourceAtEveryPoll() throws IOException {
        Pipe pipe = pipe();
        poller.add(pipe.source(), Event.readable(2), PollMode.LEVEL);
        write(pipe);
        for (int i = 0; i < 3; i++) {
            assertEquals(1, poller.poll(events, LONG));
            assertEquals(2, events.key(0));
        }
        drain(pipe);
        assertEquals(0, poller.poll(events, Duration.ZERO));
    }

    @Test
    void shouldRejectEdgeModes() throws IOException {
        assertFalse(poller.supportsEdge());
        assertTrue(poller.supportsLevel());
        Pipe pipe = pipe();
        assertThrows(UnsupportedOperationException.class, () -> poller.add(pipe.source(), Event.readable(1), PollMode.EDGE));
    }

    @Test
    void shouldTakeAnAddFromAnotherThreadIntoABlockedPoll() throws Exception {
        Pipe pipe = pipe();
        write(pipe);
        Future<Integer> polled = pollInBackground(LONG);
        poller.add(pipe.source(), Event.readable(3)); // no wakeup()
        assertEquals(1, within30s(polled));
        assertEquals(3, events.key(0));
    }

    @Test
    void shouldTakeAModifyFromAnotherThreadIntoABlockedPoll() throws Exception {
        Pipe pipe = pipe();
        poller.add(pipe.source(), Event.none(4));
        write(pipe);
        Future<Integer> polled = pollInBackground(LONG);
        poller.modify(pipe.source(), Event.readable(5));
        assertEquals(1, within30s(polled));
        assertEquals(5, events.key(0));
    }

    @Test
    void shouldTakeADeleteFromAnotherThreadIntoABlockedPoll() throws Exception {
        Pipe deleted = pipe();
        Pipe added = pipe();
        poller.add(deleted.source(), Event.readable(6), PollMode.LEVEL);
        Future<Integer> polled = pollInBackground(LONG);
        poller.delete(deleted.source());
        write(deleted);
        write(added);
        poller.add(added.source(), Event.readable(7));
        assertEquals(1, within30s(polled), "only the added source, never the deleted one");
        assertEquals(7, events.key(0));
    }

    @Test
    void shouldReturnPromptlyOnWakeupFromAnotherThread() throws Exception {
        Future<Integer> polled = pollInBackground(null);
        poller.wakeup();
        assertEquals(0, within30s(polled));
    }

    @Test
    void shouldCoalesceWakeupsBeforeAPoll() throws IOException {
        poller.wakeup();
        poller.wakeup();
        poller.wakeup();
        assertEquals(0, poller.poll(events, LONG), "returns at once: woken");
        long start = System.nanoTime();
        assertEquals(0, poller.poll(events, Duration.ofMillis(30)));
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(30).toNanos(), "one early return for all three");
    }

    @Test
    void shouldNeverReturnBeforeTheTimeout() throws IOException {
        for (Duration timeout : new Duration[] {Duration.ofNanos(300_000), Duration.ofMillis(1), Duration.ofMillis(25)}) {
            long start = System.nanoTime();
            assertEquals(0, poller.poll(events, timeout));
            long elapsed = System.nanoTime() - start;
            assertTrue(elapsed >= timeout.toNanos(), timeout + " returned after " + elapsed + " ns");
            assertTrue(elapsed < timeout.toNanos() + SECONDS.toNanos(5), timeout + " returned after " + elapsed + " ns");
        }
    }

    @Test
    void shouldReturnAtOnceForAZeroTimeout() throws IOException {
        long start = System.nanoTime();
        assertEquals(0, poller.poll(events, Duration.ZERO));
        assertTrue(System.nanoTime() - start < SECONDS.toNanos(5));
    }

    @Test
    void shouldReportAtMostTheCapacityAndTheRestNextTime() throws IOException {
        Events two = Events.withCapacity(2);
        for (int i = 0; i < 3; i++) {
            Pipe pipe = pipe();
            poller.add(pipe.source(), Event.readable(10 + i));
            write(pipe);
        }
        assertEquals(2, poller.poll(two, LONG));
        long first = two.key(0);
        long second = two.key(1);
        assertEquals(1, poller.poll(two, LONG));
        assertEquals(10 + 11 + 12, first + second + two.key(0), "each source exactly once");
        assertEquals(0, poller.poll(two, Duration.ZERO));
    }

    @Test
    void shouldReportWritableAndHangUpOnASocketPair() throws IOException {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            SocketChannel client = SocketChannel.open(server.getLocalAddress());
            SocketChannel peer = server.accept();
            resources.add(client);
            resources.add(peer);
            client.configureBlocking(false);
            poller.add(client, Event.all(20));
            assertEquals(1, poller.poll(events, LONG));
            assertTrue(events.isWritable(0));
            assertFalse(events.isReadable(0));

            peer.close();
            poller.modify(client, Event.readable(21));
            assertEquals(1, poller.poll(events, LONG));
            assertEquals(21, events.key(0));
            assertTrue(events.isReadable(0), "end of stream reads as readable");
            assertFalse(events.isWritable(0), "masked by the interest");
        }
    }

    @Test
    void shouldNotSpinOnAChannelClosedWhileRegistered() throws IOException {
        Pipe pipe = pipe();
        poller.add(pipe.source(), Event.readable(30), PollMode.LEVEL);
        write(pipe);
        pipe.source().close(); // without delete: the kernel now answers POLLNVAL
        ThreadCounters threads = new ThreadCounters();
        assumeTrue(threads.unavailableReason() == null, threads.unavailableReason());
        long cpuBefore = threads.cpuNanos();
        long start = System.nanoTime();
        assertEquals(0, poller.poll(events, Duration.ofMillis(200)));
        long wall = System.nanoTime() - start;
        long cpu = threads.cpuNanos() - cpuBefore;
        assertTrue(wall >= Duration.ofMillis(200).toNanos());
        assertTrue(cpu < wall / 2, "busy loop: " + cpu + " ns of CPU in " + wall + " ns");

        poller.delete(pipe.source()); // still allowed after close
        Pipe reused = pipe();
        poller.add(reused.source(), Event.readable(31));
        write(reused);
        assertEquals(1, poller.poll(events, LONG));
        assertEquals(31, events.key(0));
    }

    @Test
    void shouldAcceptANewChannelOnTheNumberOfOneClosedWhileRegistered() throws IOException {
        Pipe closed = pipe();
        poller.add(closed.source(), Event.readable(40));
        closed.source().close();
        closed.sink().close();
        assertEquals(0, poller.poll(events, Duration.ofMillis(5)));
        Pipe next = pipe(); // the JDK hands out the lowest free numbers: usually the ones just closed
        poller.add(next.source(), Event.readable(41));
        write(next);
        assertEquals(1, poller.poll(events, LONG));
        assertEquals(41, events.key(0));
    }

    @Test
    void shouldReturnFromABlockedPollWhenClosedByAnotherThread() throws Exception {
        Future<Integer> polled = pollInBackground(null);
        poller.close();
        assertEquals(0, within30s(polled));
        assertTrue(poller.isClosed());
    }

    @Test
    void shouldReleaseItsDescriptorsOnClose() throws IOException {
        Path fds = Path.of("/proc/self/fd");
        assumeTrue(Files.isDirectory(fds), "needs /proc/self/fd to count descriptors");
        poller.close();
        long before = count(fds);
        Poller other = Poller.create(Backend.POLL);
        try {
            assertEquals(before + 2, count(fds), "the wake pipe's two ends");
        } finally {
            other.close();
        }
        assertEquals(before, count(fds));
    }

    private static long count(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.count();
        }
    }

    @Test
    void shouldAllocateNothingPerEventInSteadyState() throws Exception {
        FreshJvmAllocation.Result r = FreshJvmAllocation.measure(PollerLoopWorkload.class, "POLL", 1024, Map.of());
        assertTrue(r.bytes() < 1024, r + ": the loop (poll, read, write, modify) allocates");
    }
}
