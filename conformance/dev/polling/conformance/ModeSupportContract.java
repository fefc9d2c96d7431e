package dev.polling.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.channels.Pipe;
import java.util.EnumMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.polling.Backend;
import dev.polling.Event;
import dev.polling.PollMode;

/**
 * A backend says which modes it can do, and refuses the others with
 * {@link UnsupportedOperationException}. Each branch runs where the capability says it applies.
 */
public interface ModeSupportContract extends ConformanceFixture {

    /** The modes each backend's documentation ({@link Backend}) promises: {level, edge}. */
    Map<Backend, boolean[]> DOCUMENTED_MODES = documentedModes();

    private static Map<Backend, boolean[]> documentedModes() {
        Map<Backend, boolean[]> modes = new EnumMap<>(Backend.class);
        modes.put(Backend.EPOLL, new boolean[] {true, true});
        modes.put(Backend.KQUEUE, new boolean[] {true, true});
        modes.put(Backend.EVENT_PORTS, new boolean[] {false, false});
        modes.put(Backend.POLL, new boolean[] {true, false});
        modes.put(Backend.AFD, new boolean[] {true, false});
        modes.put(Backend.SELECTOR, new boolean[] {true, false});
        modes.put(Backend.IO_URING, new boolean[] {true, true});
        return modes;
    }

    @Test
    default void shouldAdvertiseDocumentedModes() {
        boolean[] expected = DOCUMENTED_MODES.get(backend());
        assumeTrue(expected != null, backend() + " documents no fixed set of modes");
        assertEquals(expected[0], poller().supportsLevel(), backend() + ": supportsLevel() contradicts its documentation");
        assertEquals(expected[1], poller().supportsEdge(), backend() + ": supportsEdge() contradicts its documentation");
    }

    @Test
    default void shouldRejectLevelWhenUnsupported() throws IOException {
        assumeFalse(poller().supportsLevel(), backend() + " supports LEVEL");
        assertRejected(PollMode.LEVEL);
    }

    @Test
    default void shouldAcceptLevelWhenSupported() throws IOException {
        assumeTrue(poller().supportsLevel(), backend() + " does not support LEVEL");
        assertAccepted(PollMode.LEVEL);
    }

    @Test
    default void shouldRejectEdgeWhenUnsupported() throws IOException {
        assumeFalse(poller().supportsEdge(), backend() + " supports EDGE");
        assertRejected(PollMode.EDGE);
        assertRejected(PollMode.EDGE_ONESHOT);
    }

    @Test
    default void shouldAcceptEdgeWhenSupported() throws IOException {
        assumeTrue(poller().supportsEdge(), backend() + " does not support EDGE");
        assertAccepted(PollMode.EDGE);
        assertAccepted(PollMode.EDGE_ONESHOT);
    }

    /** add and modify with {@code mode} throw, and leave the poller and the source as they were. */
    private void assertRejected(PollMode mode) throws IOException {
        Pipe pipe = sources().newPipe();
        assertThrows(UnsupportedOperationException.class, () -> poller().add(pipe.source(), Event.readable(1), mode),
                "add with unsupported " + mode);
        poller().add(pipe.source(), Event.readable(1)); // the failed add registered nothing
        assertThrows(UnsupportedOperationException.class, () -> poller().modify(pipe.source(), Event.readable(1), mode),
                "modify with unsupported " + mode);
        assertStillWorks(pipe, 1);
    }

    /** add and modify with {@code mode} work and report. */
    private void assertAccepted(PollMode mode) throws IOException {
        Pipe added = sources().newPipe();
        poller().add(added.source(), Event.readable(1), mode);
        sources().makeReadable(added.source());
        assertReadableEvent(1);
        poller().delete(added.source()); // a level source would keep reporting below

        Pipe modified = registeredPipe(Event.readable(2));
        poller().modify(modified.source(), Event.readable(2), mode);
        sources().makeReadable(modified.source());
        assertReadableEvent(2);
    }
}
