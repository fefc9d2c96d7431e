package dev.polling.epoll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.Pipe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.polling.Backend;
import dev.polling.Event;
import dev.polling.Events;
import dev.polling.PollMode;
import dev.polling.Poller;
import dev.polling.detection.BackendDetector;
import dev.polling.spi.Binding;
import dev.polling.spi.ChannelDescriptors;
import dev.polling.spi.NativeBuffer;
import dev.polling.testsupport.FreshJvmAllocation;
import dev.polling.testsupport.NativeFrames;
import dev.polling.testsupport.PollerLoopWorkload;

/** The EPOLL backend against the real kernel, through {@link Poller}; skipped where epoll cannot load. */
class EpollBackendKernelTest {
    private static final Duration LONG = Duration.ofSeconds(30);
    private static final Duration SHORT = Duration.ofMillis(50);

    private final List<Pipe> pipes = new ArrayList<>();
    private final Events events = Events.withCapacity(16);
    private Poller poller;

    @BeforeAll
    static void requireEpoll() {
        String reason = BackendDetector.unavailableReason(Backend.EPOLL);
        assumeTrue(reason == null, () -> "EPOLL backend unavailable here: " + reason);
    }

    @BeforeEach
    void open() throws IOException {
        poller = Poller.create(Backend.EPOLL);
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
    void shouldFireOneshotOnceUntilModified() throws IOException {
        Pipe p = pipe();
        poller.add(p.source(), Event.readable(7));
        write(p, 1);

        assertEquals(1, poller.poll(events, LONG));
        assertEquals(7, events.key(0));
        assertTrue(events.isReadable(0));
        assertFalse(events.isWritable(0));
        assertEquals(0, poller.poll(events, SHORT), "still readable, but oneshot is disarmed");

        poller.modify(p.source(), Event.readable(8));

        assertEquals(1, poller.poll(events, LONG));
        assertEquals(8, events.key(0));
    }

    @Test
    void shouldRepeatLevelWhileReady() throws IOException {
        Pipe p = pipe();
        poller.add(p.source(), Event.readable(1), PollMode.LEVEL);
        write(p, 1);

        for (int i = 0; i < 3; i++) {
            assertEquals(1, poller.poll(events, LONG));
            assertEquals(1, events.key(0));
        }
        read(p);
        assertEquals(0, poller.poll(events, Duration.ZERO));
    }

    @Test
    void shouldFireEdgeOncePerNewWrite() throws IOException {
        Pipe p = pipe();
        poller.add(p.source(), Event.readable(1), PollMode.EDGE);
        write(p, 1);

        assertEquals(1, poller.poll(events, LONG));
        assertEquals(0, poller.poll(events, SHORT), "no new data, no new edge");

        write(p, 1);

        assertEquals(1, poller.poll(events, LONG));
        assertEquals(0, poller.poll(events, Duration.ZERO));
    }

    @Test
    void shouldFireEdgeOneshotOnceEvenForNewWrites() throws IOException {
        Pipe p = pipe();
        poller.add(p.source(), Event.readable(1), PollMode.EDGE_ONESHOT);
        write(p, 1);

        assertEquals(1, poller.poll(events, LONG));
        write(p, 1);
        assertEquals(0, poller.poll(events, SHORT));

        poller.modify(p.source(), Event.readable(1), PollMode.EDGE_ONESHOT);
        assertEquals(1, poller.poll(events, LONG));
    }

    @Test
    void shouldReportWritableOnASink() throws IOException {
        Pipe p = pipe();
        poller.add(p.sink(), Event.writable(3));

        assertEquals(1, poller.poll(events, LONG));
        assertEquals(3, events.key(0));
        assertTrue(events.isWritable(0));
        assertFalse(events.isReadable(0));
    }

    @Test
    void shouldReportHangUpAsReadableOnlyOnAReadableSource() throws IOException {
        Pipe p = pipe();
        poller.add(p.source(), Event.readable(1), PollMode.LEVEL);

        p.sink().close(); // EPOLLHUP alone: the kernel reports it as both directions

        assertEquals(1, poller.poll(events, LONG));
        assertTrue(events.isReadable(0));
        assertFalse(events.isWritable(0), "a readable-only source never shows writable");
    }

    @Test
    void shouldReportAClosedReaderAsWritableOnlyOnAWritableSource() throws IOException {
        Pipe p = pipe();
        while (p.sink().write(ByteBuffer.allocate(4096)) > 0) {
            // fill the pipe: no EPOLLOUT, so only the EPOLLERR below can fire
        }
        poller.add(p.sink(), Event.writable(2));
        assertEquals(0, poller.poll(events, SHORT));

        p.source().close();

        assertEquals(1, poller.poll(events, LONG));
        assertTrue(events.isWritable(0));
        assertFalse(events.isReadable(0), "a writable-only source never shows readable");
    }

    @Test
    void shouldReportNothingForNoInterestEvenOnHangUp() throws IOException {
        Pipe p = pipe();
        poller.add(p.source(), Event.none(1), PollMode.LEVEL);
        p.sink().close();

        assertEquals(0, poller.poll(events, SHORT));

        poller.modify(p.source(), Event.readable(1), PollMode.LEVEL);
        assertEquals(1, poller.poll(events, LONG));
    }

    @Test
    void shouldReportEachDirectionOnlyWhereItApplies() throws IOException {
        // Interest in both on each end of a pipe, as raw descriptors (a channel's validOps() would
        // refuse it): the source can only read, the sink only write.
        Pipe p = pipe();
        poller.add(ChannelDescriptors.descriptorOf(p.source()), Event.all(1), PollMode.LEVEL);
        poller.add(ChannelDescriptors.descriptorOf(p.sink()), Event.all(2), PollMode.LEVEL);
        write(p, 1);

        assertEquals(2, poller.poll(events, LONG));
        for (int i = 0; i < 2; i++) {
            if (events.key(i) == 1) {
                assertTrue(events.isReadable(i));
                assertFalse(events.isWritable(i), "a pipe's source end never becomes writable");
            } else {
                assertTrue(events.isWritable(i));
                assertFalse(events.isReadable(i));
            }
        }
    }

    @Test
    void shouldKeepEventsThatDidNotFitForTheNextPoll() throws IOException {
        Events one = Events.withCapacity(1);
        Pipe[] ps = {pipe(), pipe(), pipe()};
        for (int i = 0; i < ps.length; i++) {
            poller.add(ps[i].source(), Event.readable(i));
            write(ps[i], 1);
        }
        boolean[] seen = new boolean[ps.length];
        for (int i = 0; i < ps.length; i++) {
            assertEquals(1, poller.poll(one, LONG));
            int key = (int) one.key(0);
            assertFalse(seen[key], "key " + key + " reported twice");
            seen[key] = true;
        }
        assertEquals(0, poller.poll(one, SHORT));
    }

    @Test
    void shouldStopReportingADeletedSource() throws IOException {
        Pipe p = pipe();
        poller.add(p.source(), Event.readable(1), PollMode.LEVEL);
        write(p, 1);

        poller.delete(p.source());

        assertEquals(0, poller.poll(events, SHORT));
        poller.add(p.source(), Event.readable(2), PollMode.LEVEL);
        assertEquals(1, poller.poll(events, LONG));
        assertEquals(2, events.key(0));
    }

    @Test
    void shouldWakeABlockedPoll() throws Exception {
        CountDownLatch polling = new CountDownLatch(1);
        int[] result = {-2};
        Thread waiter = new Thread(() -> {
            polling.countDown();
            try {
                // Bounded, so that a broken wakeup() fails the test instead of hanging close().
                result[0] = poller.poll(Events.withCapacity(4), Duration.ofSeconds(60));
            } catch (IOException e) {
                result[0] = -3;
            }
        });
        waiter.start();
        assertTrue(polling.await(30, TimeUnit.SECONDS));
        NativeFrames.awaitInNativeCall(waiter, Duration.ofSeconds(30)); // blocked in epoll_wait, not on its way

        poller.wakeup();

        waiter.join(TimeUnit.SECONDS.toMillis(30));
        assertFalse(waiter.isAlive(), "wakeup() did not end the blocked poll");
        assertEquals(0, result[0]);
    }

    @Test
    void shouldCoalesceWakeupsBeforeAPoll() throws IOException {
        poller.wakeup();
        poller.wakeup();
        poller.wakeup();

        long start = System.nanoTime();
        assertEquals(0, poller.poll(events, LONG));
        assertTrue(System.nanoTime() - start < LONG.toNanos() / 2, "the poll was not woken");

        start = System.nanoTime();
        assertEquals(0, poller.poll(events, SHORT));
        assertTrue(System.nanoTime() - start >= SHORT.toNanos(), "a second early return: wakeups did not coalesce");
    }

    @Test
    void shouldNotReportTheWakeupAsAnEvent() throws IOException {
        Pipe p = pipe();
        poller.add(p.source(), Event.readable(5));
        write(p, 1);
        poller.wakeup();

        int n = poller.poll(events, LONG);

        assertEquals(1, n);
        assertEquals(5, events.key(0));
    }

    @Test
    void shouldNeverReturnEarlyFromASubMillisecondTimeout() throws IOException {
        assertNeverEarly(poller, Duration.ofNanos(300_000));
    }

    @Test
    void shouldNeverReturnEarlyWithMillisecondEpollWait() throws IOException {
        String previous = System.setProperty(EpollBackend.PWAIT2_PROPERTY, "false");
        try (Poller millis = Poller.create(Backend.EPOLL)) {
            assertNeverEarly(millis, Duration.ofNanos(300_000));
            assertNeverEarly(millis, Duration.ofNanos(1_500_000));
        } finally {
            restore(EpollBackend.PWAIT2_PROPERTY, previous);
        }
    }

    @Test
    void shouldNotUsePwait2WhenDisabledByTheProperty() throws IOException {
        String previous = System.setProperty(EpollBackend.PWAIT2_PROPERTY, "false");
        try (EpollBackend backend = (EpollBackend) EpollBackend.open(Binding.JNR)) {
            assertFalse(backend.usesPwait2());
        } finally {
            restore(EpollBackend.PWAIT2_PROPERTY, previous);
        }
    }

    @Test
    void shouldSeeASourceAddedWhileAPollIsBlocked() throws Exception {
        Pipe p = pipe();
        write(p, 1);
        CountDownLatch polling = new CountDownLatch(1);
        long[] key = {-2};
        Thread waiter = new Thread(() -> {
            Events mine = Events.withCapacity(4);
            polling.countDown();
            try {
                if (poller.poll(mine, LONG) == 1) {
                    key[0] = mine.key(0);
                }
            } catch (IOException e) {
                key[0] = -3;
            }
        });
        waiter.start();
        assertTrue(polling.await(30, TimeUnit.SECONDS));
        NativeFrames.awaitInNativeCall(waiter, Duration.ofSeconds(30)); // blocked in epoll_wait, not on its way

        poller.add(p.source(), Event.readable(11)); // no wakeup(): epoll sees it in the blocked wait

        waiter.join(TimeUnit.SECONDS.toMillis(30));
        assertFalse(waiter.isAlive());
        assertEquals(11, key[0]);
    }

    @Test
    void shouldPollARawEventfd() throws IOException {
        EpollOs lib = Binding.JNR.load(EpollOs.class);
        int efd = lib.eventfd(0, EpollFlags.EFD_CLOEXEC | EpollFlags.EFD_NONBLOCK);
        assertTrue(efd >= 0, "eventfd failed");
        try (NativeBuffer one = lib.allocate(8)) {
            poller.add(efd, Event.readable(99));
            assertEquals(0, poller.poll(events, Duration.ZERO));

            one.putLong(0, 1L);
            assertEquals(8, lib.write(efd, one, 8));

            assertEquals(1, poller.poll(events, LONG));
            assertEquals(99, events.key(0));
            poller.delete(efd);
        } finally {
            lib.close(efd);
        }
    }

    @Test
    void shouldRefuseACharacterDeviceWithoutReadinessNamingDevices() throws Exception {
        // /dev/zero has no poll operation: epoll says EPERM, as for a regular file, and the message
        // must not claim the descriptor is a regular file or a directory.
        try (FileInputStream in = new FileInputStream("/dev/zero")) {
            int fd = fdVal(in.getFD());

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> poller.add(fd, Event.readable(1)));

            assertTrue(e.getMessage().contains("descriptor " + fd) && e.getMessage().contains("some devices"), e.getMessage());
        }
    }

    @Test
    void shouldRefuseARegularFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("plain.txt"), "epoll cannot watch me");
        try (FileInputStream in = new FileInputStream(file.toFile())) {
            int fd = fdVal(in.getFD());

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> poller.add(fd, Event.readable(1)));

            assertTrue(e.getMessage().contains("epoll refuses files whose driver has no readiness to report"), e.getMessage());
        }
        Pipe p = pipe(); // the poller is still usable
        poller.add(p.source(), Event.readable(2));
        write(p, 1);
        assertEquals(1, poller.poll(events, LONG));
    }

    @Test
    void shouldRefuseAClosedChannel() throws IOException {
        Pipe p = pipe();
        p.source().close();

        assertThrows(ClosedChannelException.class, () -> poller.add(p.source(), Event.readable(1)));
    }

    @Test
    void shouldAcceptANewSourceOnTheNumberOfOneClosedWhileRegistered() throws IOException {
        Pipe old = pipe();
        poller.add(old.source(), Event.readable(1), PollMode.LEVEL);
        old.source().close();
        old.sink().close();

        // The new pipe very likely reuses the closed numbers; either way it must register.
        Pipe fresh = pipe();
        poller.add(fresh.source(), Event.readable(2), PollMode.LEVEL);
        write(fresh, 1);

        assertEquals(1, poller.poll(events, LONG));
        assertEquals(2, events.key(0));
    }

    @Test
    void shouldReleaseEveryDescriptorOnClose() throws IOException {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "no /proc/self/fd to count descriptors");
        Pipe p = pipe();
        long before = openDescriptors();

        for (int i = 0; i < 20; i++) {
            try (Poller other = Poller.create(Backend.EPOLL)) {
                other.add(p.source(), Event.readable(1));
                other.wakeup();
                other.poll(events, Duration.ZERO);
            }
        }

        assertEquals(before, openDescriptors());
    }

    @Test
    void shouldAllocateNothingPerEventInSteadyState() throws Exception {
        FreshJvmAllocation.Result r = FreshJvmAllocation.measure(PollerLoopWorkload.class, "EPOLL", 1024, Map.of());
        assertTrue(r.bytes() < 1024, r + ": the loop (poll, read, write, modify) allocates");
    }

    private static void assertNeverEarly(Poller poller, Duration timeout) throws IOException {
        Events none = Events.withCapacity(1);
        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            assertEquals(0, poller.poll(none, timeout));
            long elapsed = System.nanoTime() - start;
            assertTrue(elapsed >= timeout.toNanos(), "returned after " + elapsed + " ns, asked for " + timeout.toNanos());
            assertTrue(elapsed < TimeUnit.SECONDS.toNanos(5), "returned after " + elapsed + " ns");
        }
    }

    private Pipe pipe() throws IOException {
        Pipe p = Pipe.open();
        p.source().configureBlocking(false);
        p.sink().configureBlocking(false);
        pipes.add(p);
        return p;
    }

    private static void write(Pipe p, int bytes) throws IOException {
        assertEquals(bytes, p.sink().write(ByteBuffer.allocate(bytes)));
    }

    private static void read(Pipe p) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        while (p.source().read(buffer) > 0) {
            buffer.clear();
        }
    }

    private static long openDescriptors() throws IOException {
        try (var list = Files.list(Path.of("/proc/self/fd"))) {
            return list.count() - 1; // the listing's own descriptor
        }
    }

    /** The number inside a FileDescriptor, read through the JDK's exported {@code sun.nio.ch.IOUtil}. */
    private static int fdVal(FileDescriptor fd) throws ReflectiveOperationException {
        return (int) Class.forName("sun.nio.ch.IOUtil").getMethod("fdVal", FileDescriptor.class).invoke(null, fd);
    }

    private static void restore(String property, String previous) {
        if (previous == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, previous);
        }
    }
}
