package dev.polling.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.channels.Pipe;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.polling.Event;
import dev.polling.Events;
import dev.polling.PollMode;

/** How long a source keeps reporting: ONESHOT, LEVEL, EDGE and EDGE_ONESHOT. */
public interface ModeContract extends ConformanceFixture {

    @Test
    default void shouldReportOneshotSourceOnceWhileStillReady() throws IOException {
        Pipe pipe = registeredPipe(Event.readable(1));
        sources().makeReadable(pipe.source());

        assertReadableEvent(1);
        Events events = Events.withCapacity(8);
        for (int i = 0; i < 5; i++) {
            assertEquals(0, poller().poll(events, Duration.ZERO), () -> "oneshot source reported again: " + events);
        }
        sources().makeReadable(pipe.source()); // more data arriving does not re-arm either
        assertQuiet("a oneshot source reported again before modify() re-armed it");
    }

    @Test
    default void shouldReportExplicitOneshotSourceOnceWhileStillReady() throws IOException {
        Pipe pipe = sources().newPipe();
        poller().add(pipe.source(), Event.readable(2), PollMode.ONESHOT);
        sources().makeReadable(pipe.source());

        assertReadableEvent(2);
        assertQuiet("a source added with PollMode.ONESHOT reported twice");
    }

    @Test
    default void shouldRearmOneshotSourceOnModify() throws IOException {
        Pipe pipe = registeredPipe(Event.readable(3));
        sources().makeReadable(pipe.source());
        assertReadableEvent(3);

        for (int round = 0; round < 3; round++) {
            // Still ready (never drained): each re-arm must report it again, once.
            poller().modify(pipe.source(), Event.readable(3));
            assertReadableEvent(3);
            assertQuiet("re-armed oneshot source reported more than once (round " + round + ")");
        }
    }

    @Test
    default void shouldReportNewKeyAfterModify() throws IOException {
        Pipe pipe = registeredPipe(Event.readable(4));
        sources().makeReadable(pipe.source());
        assertReadableEvent(4);

        poller().modify(pipe.source(), Event.readable(40));
        assertReadableEvent(40);
    }

    @Test
    default void shouldMeanOneshotWhenModifyHasNoMode() throws IOException {
        assumeTrue(poller().supportsLevel(), backend() + " has no LEVEL mode to switch away from");
        Pipe pipe = sources().newPipe();
        poller().add(pipe.source(), Event.readable(5), PollMode.LEVEL);
        sources().makeReadable(pipe.source());
        assertReadableEvent(5);
        assertReadableEvent(5); // level: still reported

        poller().modify(pipe.source(), Event.readable(5)); // no mode: back to oneshot
        assertReadableEvent(5);
        assertQuiet("modify(channel, event) without a mode did not mean ONESHOT");
    }

    @Test
    default void shouldReportLevelSourceAtEveryPollWhileReady() throws IOException {
        assumeTrue(poller().supportsLevel(), backend() + " does not support LEVEL");
        Pipe pipe = sources().newPipe();
        poller().add(pipe.source(), Event.readable(6), PollMode.LEVEL);
        assertQuiet("a level source that is not ready was reported");

        sources().makeReadable(pipe.source());
        for (int i = 0; i < 5; i++) {
            assertReadableEvent(6);
        }
    }

    @Test
    default void shouldStopReportingLevelSourceOnceDrained() throws IOException {
        assumeTrue(poller().supportsLevel(), backend() + " does not support LEVEL");
        Pipe pipe = sources().newPipe();
        poller().add(pipe.source(), Event.readable(7), PollMode.LEVEL);
        sources().makeReadable(pipe.source());
        assertReadableEvent(7);

        sources().drain(pipe.source());
        assertQuiet("a drained level source was still reported");

        sources().makeReadable(pipe.source());
        assertReadableEvent(7);
    }

    @Test
    default void shouldReportEdgeSourceOncePerNewReadiness() throws IOException {
        assumeTrue(poller().supportsEdge(), backend() + " does not support EDGE");
        Pipe pipe = sources().newPipe();
        poller().add(pipe.source(), Event.readable(8), PollMode.EDGE);

        for (int round = 0; round < 3; round++) {
            sources().makeReadable(pipe.source()); // new data: a new edge, no re-arm needed
            assertReadableEvent(8);
            assertQuiet("an edge source reported again while its readiness did not change (round " + round + ")");
        }
    }

    @Test
    default void shouldDisarmEdgeOneshotSourceAfterOneEvent() throws IOException {
        assumeTrue(poller().supportsEdge(), backend() + " does not support EDGE_ONESHOT");
        Pipe pipe = sources().newPipe();
        poller().add(pipe.source(), Event.readable(9), PollMode.EDGE_ONESHOT);
        sources().makeReadable(pipe.source());
        assertReadableEvent(9);

        sources().makeReadable(pipe.source()); // a new edge, but the source is disarmed
        assertQuiet("an EDGE_ONESHOT source reported a second edge before modify() re-armed it");

        poller().modify(pipe.source(), Event.readable(9), PollMode.EDGE_ONESHOT);
        sources().makeReadable(pipe.source());
        assertReadableEvent(9); // re-armed: exactly one event, whether from the re-arm or the new edge
        assertQuiet("a re-armed EDGE_ONESHOT source reported more than once");
    }
}
