package dev.polling.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.channels.Pipe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import dev.polling.Backend;
import dev.polling.ClosedPollerException;
import dev.polling.Event;
import dev.polling.Events;
import dev.polling.Poller;

/** Creating and closing: the backend is what was asked for; after close every use fails clearly; nothing leaks. */
public interface LifecycleContract extends ConformanceFixture {

    @Test
    default void shouldRunOnRequestedBackend() {
        assertEquals(backend(), poller().backend());
        assertTrue(poller().toString().contains(backend().name()), poller().toString());
    }

    @Test
    default void shouldRejectEveryUseAfterClose() throws IOException {
        Pipe registered = registeredPipe(Event.readable(1));
        Pipe other = sources().newPipe();
        poller().close();
        assertTrue(poller().isClosed());

        assertClosed(() -> poller().add(other.source(), Event.readable(2)));
        assertClosed(() -> poller().modify(registered.source(), Event.readable(1)));
        assertClosed(() -> poller().delete(registered.source()));
        assertClosed(() -> poller().poll(Events.withCapacity(1), Duration.ZERO));
        assertClosed(() -> poller().poll(Events.withCapacity(1), null));
        if (backend() != Backend.SELECTOR) {
            int fd = sources().descriptorOf(other.source());
            assertClosed(() -> poller().add(fd, Event.readable(2)));
        }
    }

    @Test
    default void shouldCloseIdempotently() throws IOException {
        registeredPipe(Event.readable(1));
        poller().close();
        poller().close();
        poller().wakeup();
        assertTrue(poller().isClosed());
    }

    @Test
    default void shouldEndBlockedPollPromptlyOnClose() throws Exception {
        registeredPipe(Event.readable(1));
        Events events = Events.withCapacity(8);
        Future<Integer> poll = async(() -> {
            try {
                return poller().poll(events, null);
            } catch (ClosedPollerException closedFirst) {
                return 0; // close() won the race to the poller: also prompt
            }
        });
        letPollBlock();

        Future<Void> close = async(() -> {
            poller().close();
            return null;
        });
        await(close, "close() while another thread was blocked in poll()");
        assertEquals(0, await(poll, "a poll blocked while the poller was closed"));
        assertTrue(poller().isClosed());
    }

    @Test
    default void shouldReleaseEveryDescriptorOnClose() throws IOException {
        Path fds = Path.of("/proc/self/fd");
        assumeTrue(Files.isDirectory(fds), "counting open descriptors needs Linux's /proc/self/fd");
        Pipe pipe = sources().newPipe();
        cycle(pipe); // loads classes and native libraries, which keep their descriptors
        long before = count(fds);
        int cycles = 100;
        for (int i = 0; i < cycles; i++) {
            cycle(pipe);
        }
        long after = count(fds);
        // A leak of one descriptor per poller shows as +100; a few are allowed for the JVM's own files.
        assertTrue(after - before <= 3, () -> cycles + " pollers opened and closed leaked " + (after - before)
                + " descriptors (" + before + " open before, " + after + " after)");
    }

    /** One poller's life: open, register, wake, poll, close. */
    private void cycle(Pipe pipe) throws IOException {
        Poller p = newPoller();
        p.add(pipe.source(), Event.readable(1));
        p.wakeup();
        p.poll(Events.withCapacity(4), Duration.ZERO);
        p.close();
    }

    private static long count(Path fds) throws IOException {
        try (Stream<Path> entries = Files.list(fds)) {
            return entries.count();
        }
    }

    private static void assertClosed(Executable call) {
        ClosedPollerException thrown = assertThrows(ClosedPollerException.class, call);
        assertInstanceOf(IllegalStateException.class, thrown);
        assertTrue(thrown.getMessage() != null && thrown.getMessage().contains("closed"), thrown::getMessage);
    }
}
