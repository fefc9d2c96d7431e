package dev.polling.conformance;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.Pipe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.polling.Backend;
import dev.polling.Event;
import dev.polling.PollMode;

/**
 * Raw {@code int} descriptors: polled like channels on the native backends, refused clearly by
 * {@link Backend#SELECTOR}, which polls channels only.
 */
public interface RawDescriptorContract extends ConformanceFixture {
    long WITNESS = 2_000;

    @Test
    default void shouldRejectRawDescriptorsOnSelector() throws IOException {
        assumeTrue(backend() == Backend.SELECTOR, "only SELECTOR refuses raw descriptors");
        Pipe witness = registeredPipe(Event.readable(WITNESS));
        int fd = sources().descriptorOf(sources().newPipe().source());

        assertThrows(UnsupportedOperationException.class, () -> poller().add(fd, Event.readable(1)));
        assertThrows(UnsupportedOperationException.class, () -> poller().add(fd, Event.readable(1), PollMode.ONESHOT));
        assertThrows(UnsupportedOperationException.class, () -> poller().modify(fd, Event.readable(1)));
        assertThrows(UnsupportedOperationException.class, () -> poller().delete(fd));
        assertStillWorks(witness, WITNESS);
    }

    @Test
    default void shouldPollRawDescriptor() throws IOException {
        assumeRawDescriptors();
        Pipe pipe = sources().newPipe();
        int fd = sources().descriptorOf(pipe.source());
        poller().add(fd, Event.readable(1));
        sources().makeReadable(pipe.source());
        assertReadableEvent(1);
        assertQuiet("a oneshot raw descriptor reported twice");

        poller().modify(fd, Event.readable(2));
        assertReadableEvent(2);

        poller().delete(fd);
        poller().add(fd, Event.readable(3), PollMode.ONESHOT);
        assertReadableEvent(3);
        poller().delete(fd);
        assertQuiet("a deleted raw descriptor was reported");
    }

    @Test
    default void shouldRejectRawDescriptorMistakes() throws IOException {
        assumeRawDescriptors();
        Pipe witness = registeredPipe(Event.readable(WITNESS));
        Pipe pipe = sources().newPipe();
        int fd = sources().descriptorOf(pipe.source());

        assertThrows(IllegalStateException.class, () -> poller().modify(fd, Event.readable(1)), "modify never added");
        assertThrows(IllegalStateException.class, () -> poller().delete(fd), "delete never added");
        assertThrows(IllegalArgumentException.class, () -> poller().add(-1, Event.readable(1)), "negative descriptor");
        poller().add(fd, Event.readable(1));
        assertThrows(IllegalStateException.class, () -> poller().add(fd, Event.readable(1)), "raw descriptor added twice");
        assertThrows(IllegalStateException.class, () -> poller().add(pipe.source(), Event.readable(1)),
                "a channel whose descriptor is registered raw");
        assertThrows(IllegalStateException.class, () -> poller().add(sources().descriptorOf(witness.source()),
                Event.readable(1)), "the descriptor of a registered channel");
        assertThrows(IllegalStateException.class, () -> poller().modify(fd + 100_000, Event.readable(1)),
                "modify a number nothing was registered under");

        sources().makeReadable(pipe.source());
        assertReadableEvent(1);
        assertStillWorks(witness, WITNESS);
    }

    @Test
    default void shouldRejectRegularFileOnEpoll() throws IOException {
        assumeTrue(backend() == Backend.EPOLL, "only epoll refuses regular files (EPERM)");
        Path file = Files.createTempFile("polling-conformance", ".txt");
        try (RandomAccessFile open = new RandomAccessFile(file.toFile(), "r")) {
            int fd = descriptorOpenOn(file);
            IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
                    () -> poller().add(fd, Event.readable(1)));
            assertNotNull(thrown.getMessage());
            assertTrue(thrown.getMessage().contains(String.valueOf(fd)) || thrown.getMessage().contains("EPERM"),
                    () -> "the message should name the descriptor or the reason: " + thrown.getMessage());
            Pipe witness = registeredPipe(Event.readable(WITNESS));
            assertStillWorks(witness, WITNESS);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Skips the test where raw descriptors cannot be registered. */
    private void assumeRawDescriptors() {
        assumeTrue(backend() != Backend.SELECTOR, "SELECTOR polls channels only");
    }

    /** The descriptor this process has open on {@code file}, found through Linux's /proc/self/fd. */
    private static int descriptorOpenOn(Path file) throws IOException {
        Path fds = Path.of("/proc/self/fd");
        assumeTrue(Files.isDirectory(fds), "finding a file's descriptor needs Linux's /proc/self/fd");
        Path target = file.toRealPath();
        Set<Integer> found = new HashSet<>();
        try (var entries = Files.list(fds)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                try {
                    if (Files.readSymbolicLink(entry).equals(target)) {
                        found.add(Integer.parseInt(entry.getFileName().toString()));
                    }
                } catch (IOException closedMeanwhile) {
                    // a descriptor closed while listing (e.g. the listing's own): not ours
                }
            }
        }
        assertTrue(found.size() == 1, () -> "expected one descriptor open on " + target + ", found " + found);
        return found.iterator().next();
    }
}
