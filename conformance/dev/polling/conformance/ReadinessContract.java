package dev.polling.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.polling.Event;
import dev.polling.Events;

/**
 * What makes a source readable or writable, and that hang-ups and errors are reported through
 * the interest the source has (never dropped, never more than asked for).
 */
public interface ReadinessContract extends ConformanceFixture {

    @Test
    default void shouldReportPipeReadableWhenDataArrives() throws IOException {
        Pipe pipe = registeredPipe(Event.readable(1));
        assertQuiet("an empty pipe was reported");

        sources().makeReadable(pipe.source());
        assertReadableEvent(1);
    }

    @Test
    default void shouldReportSocketReadableWhenDataArrives() throws IOException {
        SocketChannel socket = sources().newConnectedPair()[0];
        poller().add(socket, Event.readable(2));
        assertQuiet("a socket with nothing to read was reported readable");

        sources().makeReadable(socket);
        assertReadableEvent(2);
    }

    @Test
    default void shouldReportReadableOnEndOfStream() throws IOException {
        Pipe pipe = registeredPipe(Event.readable(3));
        sources().hangUp(pipe.source());

        assertReadableEvent(3);
        assertEquals(-1, pipe.source().read(ByteBuffer.allocate(1)), "the event was not for end-of-stream");
    }

    @Test
    default void shouldReportReadableWhenPeerClosesSocket() throws IOException {
        SocketChannel socket = sources().newConnectedPair()[0];
        poller().add(socket, Event.readable(4));
        sources().hangUp(socket);

        assertReadableEvent(4);
        assertEquals(-1, socket.read(ByteBuffer.allocate(1)), "the event was not for end-of-stream");
    }

    @Test
    default void shouldReportConnectionResetAsReadable() throws IOException {
        SocketChannel socket = sources().newConnectedPair()[0];
        poller().add(socket, Event.readable(5));
        sources().reset(socket);

        assertReadableEvent(5);
        assertThrows(IOException.class, () -> socket.read(ByteBuffer.allocate(1)), "the event was not for the reset");
    }

    @Test
    default void shouldReportReadableOnPendingAccept() throws IOException {
        ServerSocketChannel listener = sources().newListener();
        poller().add(listener, Event.readable(6));
        assertQuiet("a listener with no pending connection was reported");

        sources().startConnect(listener);
        assertReadableEvent(6);
        SocketChannel accepted = listener.accept();
        assertNotNull(accepted, "readable listener had no connection to accept");
        accepted.close();
    }

    @Test
    default void shouldReportSocketWritableWhenWriteWouldNotBlock() throws IOException {
        SocketChannel socket = sources().newConnectedPair()[0];
        poller().add(socket, Event.writable(7));

        assertOnlyEvent(pollForEvents(8), 7, false, true);
    }

    @Test
    default void shouldReportPipeSinkWritableWhenWriteWouldNotBlock() throws IOException {
        Pipe pipe = sources().newPipe();
        poller().add(pipe.sink(), Event.writable(8));
        assertOnlyEvent(pollForEvents(8), 8, false, true);

        sources().fillUntilBlocked(pipe.sink());
        poller().modify(pipe.sink(), Event.writable(8));
        assertQuiet("a full pipe was reported writable");

        sources().drain(pipe.source());
        assertOnlyEvent(pollForEvents(8), 8, false, true);
    }

    @Test
    default void shouldReportWritableWhenNonBlockingConnectCompletes() throws IOException {
        ServerSocketChannel listener = sources().newListener();
        SocketChannel client = sources().startConnect(listener);
        poller().add(client, Event.writable(9));

        assertOnlyEvent(pollForEvents(8), 9, false, true);
        assertTrue(client.finishConnect(), "writable was reported before the connect completed");
    }

    @Test
    default void shouldReportRefusedConnectAsWritable() throws IOException {
        SocketChannel client = sources().startRefusedConnect();
        poller().add(client, Event.writable(10));

        Events events = pollForEvents(8);
        assertEquals(1, events.size(), () -> "expected one event, got " + events);
        assertEquals(10, events.key(0));
        assertTrue(events.isWritable(0), () -> "a failed connect was not reported as writable: " + events);
        assertThrows(ConnectException.class, client::finishConnect, "the event was not for the refused connect");
    }

    @Test
    default void shouldReportBrokenPipeAsWritable() throws IOException {
        Pipe pipe = sources().newPipe();
        sources().fillUntilBlocked(pipe.sink());
        poller().add(pipe.sink(), Event.writable(11));
        assertQuiet("a full pipe was reported writable");

        sources().hangUp(pipe.sink()); // closes the read end: the sink is in error (EPIPE)
        Events events = pollForEvents(8);
        assertOnlyEvent(events, 11, false, true);
        assertThrows(IOException.class, () -> pipe.sink().write(ByteBuffer.allocate(1)), "the event was not for the error");
    }

    @Test
    default void shouldReportBothDirectionsInOneEvent() throws IOException {
        SocketChannel socket = sources().newConnectedPair()[0];
        sources().makeReadable(socket);
        // The data may take a moment on loopback: wait for it with a readable-only registration first.
        poller().add(socket, Event.readable(12));
        assertReadableEvent(12);

        poller().modify(socket, Event.all(12));
        assertOnlyEvent(pollForEvents(8), 12, true, true);
    }

    @Test
    default void shouldMaskReadinessByInterest() throws IOException {
        SocketChannel[] pair = sources().newConnectedPair();
        SocketChannel socket = pair[0];
        poller().add(socket, Event.readable(13)); // writable at once, but only readable is asked for
        assertQuiet("a writable socket was reported with readable-only interest");

        SocketChannel peer = pair[1];
        sources().makeReadable(peer); // readable and writable, but only writable is asked for
        poller().add(peer, Event.writable(14));
        assertOnlyEvent(pollForEvents(8), 14, false, true);

        sources().makeReadable(socket);
        assertOnlyEvent(pollForEvents(8), 13, true, false);
    }

    @Test
    default void shouldReportNothingForInterestNone() throws IOException {
        Pipe pipe = registeredPipe(Event.none(15));
        sources().makeReadable(pipe.source());
        sources().hangUp(pipe.source());
        assertQuiet("a source with interest none was reported (even hang-up must not be)");

        poller().modify(pipe.source(), Event.readable(15)); // it was registered all along
        assertReadableEvent(15);
    }

    @Test
    default void shouldCarryFullSixtyFourBitKeys() throws IOException {
        long[] keys = {Long.MIN_VALUE, Long.MAX_VALUE, -2L, 0L, 0xFFFF_FFFFL, 1L << 32, Integer.MIN_VALUE};
        for (long key : keys) {
            Pipe pipe = registeredPipe(Event.readable(key));
            sources().makeReadable(pipe.source());
        }
        Set<Long> expected = new HashSet<>();
        for (long key : keys) {
            expected.add(key);
        }
        Set<Long> seen = new HashSet<>();
        Events events = Events.withCapacity(keys.length);
        while (seen.size() < keys.length) {
            int n = poller().poll(events, CEILING);
            assertTrue(n > 0, () -> "keys never reported: " + missing(expected, seen));
            for (int i = 0; i < n; i++) {
                long key = events.key(i);
                assertTrue(expected.contains(key), () -> "a key that was never registered: " + key);
                assertTrue(seen.add(key), () -> "key reported twice: " + key);
            }
        }
        assertQuiet("oneshot sources reported again");
    }

    private static Set<Long> missing(Set<Long> expected, Set<Long> seen) {
        Set<Long> missing = new HashSet<>(expected);
        missing.removeAll(seen);
        return missing;
    }
}
