package dev.polling.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.Pipe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.polling.Backend;
import dev.polling.ClosedPollerException;
import dev.polling.Event;
import dev.polling.Events;
import dev.polling.PollMode;
import dev.polling.Poller;
import dev.polling.spi.ChannelDescriptors;
import dev.polling.testing.MockPoller;
import dev.polling.testing.Readiness;

/**
 * Every bad input, on every backend Linux has (and the mock): a clear exception naming the cause,
 * or the documented behaviour, and after each one the poller still works (a registered witness
 * pipe is reported and re-armed). The count of inputs tried is printed.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BadInputTest {
    private static final Duration CEILING = StressSettings.CEILING;
    private static final long WITNESS = 424_242;

    private final List<AutoCloseable> opened = new ArrayList<>();
    private final ByteBuffer scratch = ByteBuffer.allocate(16);
    private Poller poller;
    private MockPoller mock;
    private Pipe witness;
    private int tried;

    @AfterEach
    void closeAll() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Backend.class, names = {"EPOLL", "POLL", "SELECTOR", "MOCK"})
    void shouldRejectEveryBadInputClearlyAndKeepWorking(Backend backend) throws Exception {
        open(backend);
        Pipe pipe = pipe();
        Pipe other = pipe();

        // Registration state.
        poller.add(pipe.source(), Event.readable(1));
        reject("add a channel twice", IllegalStateException.class, () -> poller.add(pipe.source(), Event.readable(1)));
        reject("add a channel twice with another mode", IllegalStateException.class,
                () -> poller.add(pipe.source(), Event.readable(2), PollMode.LEVEL));
        reject("writable on a pipe's read end (outside validOps)", IllegalArgumentException.class,
                () -> poller.add(pipe.source(), Event.writable(2), PollMode.ONESHOT));
        reject("modify a channel never added", IllegalStateException.class, () -> poller.modify(other.source(), Event.readable(3)));
        reject("delete a channel never added", IllegalStateException.class, () -> poller.delete(other.source()));
        poller.delete(pipe.source());
        reject("modify a deleted channel", IllegalStateException.class, () -> poller.modify(pipe.source(), Event.readable(1)));
        reject("delete a deleted channel", IllegalStateException.class, () -> poller.delete(pipe.source()));

        // Keys, capacities, timeouts.
        reject("Event.readable(RESERVED_KEY)", IllegalArgumentException.class, () -> Event.readable(Event.RESERVED_KEY));
        reject("Event.writable(RESERVED_KEY)", IllegalArgumentException.class, () -> Event.writable(Event.RESERVED_KEY));
        reject("Event.all(RESERVED_KEY)", IllegalArgumentException.class, () -> Event.all(Event.RESERVED_KEY));
        reject("Event.none(RESERVED_KEY)", IllegalArgumentException.class, () -> Event.none(Event.RESERVED_KEY));
        reject("Events capacity 0", IllegalArgumentException.class, () -> Events.withCapacity(0));
        reject("Events capacity -1", IllegalArgumentException.class, () -> Events.withCapacity(-1));
        reject("Events capacity MIN_VALUE", IllegalArgumentException.class, () -> Events.withCapacity(Integer.MIN_VALUE));
        reject("timeout -1 ns", IllegalArgumentException.class, () -> poller.poll(Events.withCapacity(1), Duration.ofNanos(-1)));
        reject("timeout of minus forever", IllegalArgumentException.class,
                () -> poller.poll(Events.withCapacity(1), Duration.ofSeconds(Long.MIN_VALUE)));

        // Modes.
        for (PollMode mode : PollMode.values()) {
            boolean supported = switch (mode) {
                case ONESHOT -> true;
                case LEVEL -> poller.supportsLevel();
                case EDGE, EDGE_ONESHOT -> poller.supportsEdge();
            };
            if (!supported) {
                reject("add with unsupported " + mode, UnsupportedOperationException.class,
                        () -> poller.add(pipe.source(), Event.readable(1), mode));
                poller.add(pipe.source(), Event.readable(1));
                reject("modify to unsupported " + mode, UnsupportedOperationException.class,
                        () -> poller.modify(pipe.source(), Event.readable(1), mode));
                poller.delete(pipe.source());
            }
        }

        // Blocking channels: refused on every backend.
        Pipe blocking = Pipe.open();
        opened.add(blocking.source());
        opened.add(blocking.sink());
        reject("add a blocking channel", IllegalBlockingModeException.class, () -> poller.add(blocking.source(), Event.readable(5)));
        poller.add(pipe.source(), Event.readable(1));
        if (backend == Backend.SELECTOR) {
            // The JDK itself refuses blocking mode to a channel registered with a Selector.
            assertThrows(IllegalBlockingModeException.class, () -> pipe.source().configureBlocking(true));
            documented("switch a channel registered on SELECTOR to blocking: the JDK refuses");
        } else {
            pipe.source().configureBlocking(true);
            reject("modify a channel switched to blocking", IllegalBlockingModeException.class,
                    () -> poller.modify(pipe.source(), Event.readable(1)));
            pipe.source().configureBlocking(false);
        }
        poller.delete(pipe.source());

        // Closed channels.
        Pipe closed = pipe();
        closed.source().close();
        reject("add a closed channel", ClosedChannelException.class, () -> poller.add(closed.source(), Event.readable(6)));
        Pipe closedLater = pipe();
        poller.add(closedLater.source(), Event.readable(7));
        closedLater.source().close();
        reject("modify a channel closed while registered", ClosedChannelException.class,
                () -> poller.modify(closedLater.source(), Event.readable(7)));
        poller.delete(closedLater.source()); // documented: still allowed
        documented("delete a channel closed while registered: allowed");

        // null anywhere.
        reject("add(null channel)", NullPointerException.class, () -> poller.add(null, Event.readable(1)));
        reject("add(channel, null)", NullPointerException.class, () -> poller.add(pipe.source(), null));
        reject("add(channel, event, null mode)", NullPointerException.class, () -> poller.add(pipe.source(), Event.readable(1), null));
        reject("modify(null channel)", NullPointerException.class, () -> poller.modify(null, Event.readable(1)));
        reject("modify(channel, null)", NullPointerException.class, () -> poller.modify(pipe.source(), null));
        reject("modify(channel, event, null mode)", NullPointerException.class,
                () -> poller.modify(pipe.source(), Event.readable(1), null));
        reject("delete(null channel)", NullPointerException.class, () -> poller.delete(null));
        reject("poll(null events)", NullPointerException.class, () -> poller.poll(null, Duration.ZERO));
        reject("Poller.create(null)", NullPointerException.class, () -> Poller.create(null));

        rawDescriptors(backend);
        extremes(backend);
        afterClose(backend);

        StressReport.print("bad-input", backend, "tried=" + tried);
    }

    /** Raw descriptors: refused on the selector; on the others, the same rules as channels, and files. */
    private void rawDescriptors(Backend backend) throws Exception {
        if (backend == Backend.SELECTOR) {
            reject("add a raw descriptor on SELECTOR", UnsupportedOperationException.class, () -> poller.add(0, Event.readable(1)));
            reject("add a raw descriptor on SELECTOR with a mode", UnsupportedOperationException.class,
                    () -> poller.add(0, Event.readable(1), PollMode.ONESHOT));
            reject("modify a raw descriptor on SELECTOR", UnsupportedOperationException.class, () -> poller.modify(0, Event.readable(1)));
            reject("delete a raw descriptor on SELECTOR", UnsupportedOperationException.class, () -> poller.delete(0));
            return;
        }
        int fd = descriptorOf(pipe().source());
        reject("add a negative descriptor", IllegalArgumentException.class, () -> poller.add(-1, Event.readable(1)));
        reject("modify a negative descriptor", IllegalArgumentException.class, () -> poller.modify(-5, Event.readable(1)));
        reject("delete a negative descriptor", IllegalArgumentException.class, () -> poller.delete(Integer.MIN_VALUE));
        reject("modify a descriptor never added", IllegalStateException.class, () -> poller.modify(fd, Event.readable(1)));
        reject("delete a descriptor never added", IllegalStateException.class, () -> poller.delete(fd));
        poller.add(fd, Event.readable(8));
        reject("add a descriptor twice", IllegalStateException.class, () -> poller.add(fd, Event.readable(8)));
        poller.delete(fd);
        reject("delete a deleted descriptor", IllegalStateException.class, () -> poller.delete(fd));
        reject("add(fd, null)", NullPointerException.class, () -> poller.add(fd, null));
        reject("add(fd, event, null mode)", NullPointerException.class, () -> poller.add(fd, Event.readable(1), null));
        if (backend == Backend.MOCK) {
            return; // the mock's descriptors are numbers; nothing below concerns it
        }

        // A number that is never an open descriptor (above any RLIMIT_NOFILE): the OS says EBADF, and
        // so does the exception; nothing is sized to the number first (no huge table, no OOM).
        // (Closing a pipe and reusing its number would race with any thread that opens a file.)
        IllegalArgumentException notOpen = reject("add a descriptor that is not open", IllegalArgumentException.class,
                () -> poller.add(Integer.MAX_VALUE, Event.readable(10)));
        assertTrue(notOpen.getMessage().contains("EBADF"), notOpen.getMessage());

        // A regular file: epoll cannot poll it (EPERM); poll(2) reports it always ready (POSIX).
        Path file = Files.createTempFile("polling-stress", ".txt");
        int fileFd = TestLibC.get().open(file.toString(), TestLibC.O_RDONLY);
        assertTrue(fileFd >= 0, "open(2) of a temporary file failed");
        try {
            if (backend == Backend.EPOLL) {
                IllegalArgumentException e = reject("add a regular file on EPOLL", IllegalArgumentException.class,
                        () -> poller.add(fileFd, Event.readable(9)));
                assertTrue(e.getMessage().contains("EPERM") || e.getMessage().contains(String.valueOf(fileFd)), e.getMessage());
            } else {
                poller.add(fileFd, Event.readable(9));
                Events events = Events.withCapacity(4);
                assertEquals(1, poller.poll(events, CEILING), "POLL: a regular file is always readable (POSIX poll)");
                assertEquals(9, events.key(0));
                poller.delete(fileFd);
                documented("a regular file on POLL: reported readable at once");
            }
        } finally {
            TestLibC.get().close(fileFd);
            Files.deleteIfExists(file);
        }
        assertStillWorks();
    }

    /** Huge timeouts, a one-event buffer, extreme keys. */
    private void extremes(Backend backend) throws Exception {
        Events one = Events.withCapacity(1);
        for (Duration forever : new Duration[] {Duration.ofSeconds(Long.MAX_VALUE), Duration.ofNanos(Long.MAX_VALUE),
                Duration.ofSeconds(Long.MAX_VALUE, 999_999_999)}) {
            poller.wakeup();
            assertEquals(0, poller.poll(one, forever), "a wake-up must end a poll with a huge timeout");
            Pipes.writeBytes(witness.sink(), 1);
            fire(witness);
            assertEquals(1, poller.poll(one, forever), () -> "a huge timeout " + forever + " must still report events");
            assertEquals(WITNESS, one.key(0));
            Pipes.drain(witness.source(), scratch);
            poller.modify(witness.source(), Event.readable(WITNESS));
            documented("huge timeout " + forever + ": waits without limit");
        }

        long[] keys = {0, 1, -2, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1, Long.MAX_VALUE - 1, Integer.MAX_VALUE + 1L};
        List<Pipe> pipes = new ArrayList<>();
        for (long key : keys) {
            Pipe p = pipe();
            pipes.add(p);
            poller.add(p.source(), Event.readable(key));
            Pipes.writeBytes(p.sink(), 1);
            fire(p);
        }
        List<Long> seen = new ArrayList<>();
        while (seen.size() < keys.length) {
            int n = poller.poll(one, CEILING);
            assertEquals(1, n, () -> "a one-event buffer must take one event per poll; seen so far " + seen);
            seen.add(one.key(0));
        }
        assertEquals(0, poller.poll(one, Duration.ZERO), "each oneshot key reported once");
        for (long key : keys) {
            assertTrue(seen.contains(key), () -> "key " + key + " did not come back intact: " + seen);
        }
        for (Pipe p : pipes) {
            poller.delete(p.source());
        }
        documented("Events of capacity 1 with " + keys.length + " ready sources, keys at the extremes");
        assertStillWorks();
    }

    /** Every method of a closed poller. */
    private void afterClose(Backend backend) throws Exception {
        Poller closedPoller = backend == Backend.MOCK ? MockPoller.create().poller() : Poller.create(backend);
        Pipe p = pipe();
        closedPoller.close();
        closedPoller.close(); // idempotent
        closedPoller.wakeup(); // harmless
        rejectOn(closedPoller, "add on a closed poller", () -> closedPoller.add(p.source(), Event.readable(1)));
        rejectOn(closedPoller, "modify on a closed poller", () -> closedPoller.modify(p.source(), Event.readable(1)));
        rejectOn(closedPoller, "delete on a closed poller", () -> closedPoller.delete(p.source()));
        rejectOn(closedPoller, "poll on a closed poller", () -> closedPoller.poll(Events.withCapacity(1), Duration.ZERO));
        if (backend != Backend.SELECTOR) {
            rejectOn(closedPoller, "add a descriptor on a closed poller", () -> closedPoller.add(0, Event.readable(1)));
        }
        assertTrue(closedPoller.isClosed());
        documented("close twice, wakeup after close: harmless");
    }

    private void open(Backend backend) throws Exception {
        if (backend == Backend.MOCK) {
            mock = MockPoller.builder().clock(MockPoller.Clock.REAL_TIME).create();
            poller = mock.poller();
        } else {
            poller = StressBackends.open(backend);
        }
        opened.add(poller);
        witness = pipe();
        poller.add(witness.source(), Event.readable(WITNESS));
    }

    private Pipe pipe() throws IOException {
        Pipe pipe = Pipes.openOne();
        opened.add(pipe.sink());
        opened.add(pipe.source());
        return pipe;
    }

    /** The mock learns of readiness from the test; the others see the byte written. */
    private void fire(Pipe pipe) {
        if (mock != null) {
            mock.pulse(pipe.source(), Readiness.READABLE);
        }
    }

    private int descriptorOf(Pipe.SourceChannel source) throws IOException {
        if (mock != null && !ChannelDescriptors.isAvailable()) {
            return 1_000_000; // any number will do for the mock
        }
        assumeTrue(ChannelDescriptors.isAvailable(), ChannelDescriptors.unavailableReason());
        return ChannelDescriptors.descriptorOf(source);
    }

    /** Asserts {@code call} throws {@code type} with a message, then that the poller still works. */
    private <T extends Throwable> T reject(String what, Class<T> type, Executable call) throws IOException {
        T thrown = assertThrows(type, call, what);
        if (!(thrown instanceof NullPointerException) && !(thrown instanceof IllegalBlockingModeException)
                && !(thrown instanceof ClosedChannelException)) {
            // The JDK's own exceptions have no message; the library's must say what went wrong.
            assertTrue(thrown.getMessage() != null && !thrown.getMessage().isBlank(), () -> what + ": no message");
        }
        tried++;
        assertStillWorks();
        return thrown;
    }

    private void rejectOn(Poller closedPoller, String what, Executable call) {
        ClosedPollerException thrown = assertThrows(ClosedPollerException.class, call, what);
        assertTrue(thrown.getMessage().contains("closed"), thrown.getMessage());
        tried++;
    }

    private void documented(String what) {
        tried++;
    }

    /** The witness is reported once when written to, and re-armed. */
    private void assertStillWorks() throws IOException {
        Events events = Events.withCapacity(8);
        Pipes.writeBytes(witness.sink(), 1);
        fire(witness);
        int n = poller.poll(events, CEILING);
        assertEquals(1, n, () -> poller.backend() + ": the poller stopped reporting after a bad input: " + events);
        assertEquals(WITNESS, events.key(0));
        assertFalse(events.isWritable(0));
        Pipes.drain(witness.source(), scratch);
        poller.modify(witness.source(), Event.readable(WITNESS));
    }
}
