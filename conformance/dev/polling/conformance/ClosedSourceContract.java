package dev.polling.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.Pipe;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.polling.Event;
import dev.polling.Events;

/**
 * A channel closed while registered (without delete) never crashes the poller, may still be
 * deleted, and its descriptor number, once the OS hands it out again, can be registered by a new
 * source whose events carry the new key only.
 */
public interface ClosedSourceContract extends ConformanceFixture {

    @Test
    default void shouldSurviveSourceClosedWhileRegistered() throws IOException {
        Pipe idle = registeredPipe(Event.readable(1));
        Pipe ready = registeredPipe(Event.readable(2));
        Pipe other = registeredPipe(Event.readable(3));
        sources().makeReadable(ready.source());
        idle.source().close();
        ready.source().close();

        Events events = Events.withCapacity(8);
        poller().poll(events, Duration.ZERO); // must not throw; a closed source's event is not asked for
        poller().poll(events, QUIET);
        sources().makeReadable(other.source());
        int seenOther = 0;
        for (int polls = 0; polls < 3 && seenOther == 0; polls++) {
            int n = poller().poll(events, CEILING);
            for (int i = 0; i < n; i++) {
                long key = events.key(i);
                assertTrue(key == 1 || key == 2 || key == 3, () -> "unknown key " + key);
                seenOther += key == 3 ? 1 : 0;
            }
        }
        assertEquals(1, seenOther, "a source still open was not reported once after others were closed");
    }

    @Test
    default void shouldAllowDeletingChannelClosedWhileRegistered() throws IOException {
        Pipe pipe = registeredPipe(Event.readable(1));
        pipe.source().close();
        poller().poll(Events.withCapacity(8), Duration.ZERO); // the backend may notice the close here

        poller().delete(pipe.source()); // documented: "A channel closed while registered may still be deleted"
        assertThrows(IllegalStateException.class, () -> poller().delete(pipe.source()), "deleted twice");
        assertThrows(ClosedChannelException.class, () -> poller().add(pipe.source(), Event.readable(1)));
    }

    @Test
    default void shouldAllowDeletingChannelClosedWhileRegisteredBeforeAnyPoll() throws IOException {
        Pipe pipe = registeredPipe(Event.readable(1));
        pipe.source().close();

        poller().delete(pipe.source());
        assertQuiet("a deleted, closed source was reported");
    }

    @Test
    default void shouldReuseDescriptorOfClosedSource() throws IOException {
        Pipe old = registeredPipe(Event.readable(1));
        int fd = sources().descriptorOf(old.source());
        old.source().close(); // registered, never deleted
        Events events = Events.withCapacity(8);
        poller().poll(events, Duration.ZERO); // lets a backend (and the JDK's Selector) release the descriptor

        Pipe reuse = sources().newPipeOnDescriptor(fd);
        assumeTrue(reuse != null, "the OS did not hand descriptor " + fd + " out again; nothing to test");
        poller().add(reuse.source(), Event.readable(2)); // not "already registered": the old owner is closed
        sources().makeReadable(reuse.source());

        int n = poller().poll(events, CEILING);
        assertEquals(1, n, () -> "expected only the new source's event, got " + events);
        assertEquals(2, events.key(0), "the event went to the closed source's key, not the new one's");
        assertQuiet("the reused descriptor reported again (oneshot), or under the old key");

        poller().modify(reuse.source(), Event.readable(3));
        assertReadableEvent(3);
        poller().delete(reuse.source());
    }
}
