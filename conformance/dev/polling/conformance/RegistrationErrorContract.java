package dev.polling.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.Pipe;
import java.nio.channels.SelectableChannel;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import dev.polling.Event;
import dev.polling.Events;
import dev.polling.PollMode;
import dev.polling.Poller;

/**
 * Every registration mistake throws at once with a clear message, and leaves the poller working
 * and every other registration intact (checked by {@link #assertStillWorks} with a witness source
 * registered before the mistake).
 */
public interface RegistrationErrorContract extends ConformanceFixture {
    /** The witness's key; the fresh source of {@link #assertStillWorks} uses the next one. */
    long WITNESS = 1_000;

    @Test
    default void shouldRejectAddingSourceTwice() throws IOException {
        Pipe witness = registeredPipe(Event.readable(WITNESS));
        Pipe pipe = registeredPipe(Event.readable(1));

        assertRejects(IllegalStateException.class, () -> poller().add(pipe.source(), Event.readable(2)));
        assertRejects(IllegalStateException.class, () -> poller().add(pipe.source(), Event.readable(3), PollMode.ONESHOT));
        sources().makeReadable(pipe.source());
        assertReadableEvent(1); // still registered as before the failed adds: key 1, readable
        assertStillWorks(witness, WITNESS);
    }

    @Test
    default void shouldRejectModifyingSourceNeverAdded() throws IOException {
        Pipe witness = registeredPipe(Event.readable(WITNESS));
        Pipe stranger = sources().newPipe();

        assertRejects(IllegalStateException.class, () -> poller().modify(stranger.source(), Event.readable(1)));
        sources().makeReadable(stranger.source());
        assertQuiet("a failed modify registered the source");
        assertStillWorks(witness, WITNESS);
    }

    @Test
    default void shouldRejectDeletingSourceNeverAdded() throws IOException {
        Pipe witness = registeredPipe(Event.readable(WITNESS));
        Pipe stranger = sources().newPipe();

        assertRejects(IllegalStateException.class, () -> poller().delete(stranger.source()));
        assertStillWorks(witness, WITNESS);
    }

    @Test
    default void shouldRejectDeletingSourceTwice() throws IOException {
        Pipe witness = registeredPipe(Event.readable(WITNESS));
        Pipe pipe = registeredPipe(Event.readable(1));
        poller().delete(pipe.source());

        assertRejects(IllegalStateException.class, () -> poller().delete(pipe.source()));
        assertRejects(IllegalStateException.class, () -> poller().modify(pipe.source(), Event.readable(1)));
        assertStillWorks(witness, WITNESS);
    }

    @Test
    default void shouldAllowAddingAgainAfterDelete() throws IOException {
        Pipe pipe = registeredPipe(Event.readable(1));
        sources().makeReadable(pipe.source());
        poller().delete(pipe.source());
        assertQuiet("a deleted source was reported");

        poller().add(pipe.source(), Event.readable(2));
        assertReadableEvent(2);
    }

    @Test
    default void shouldRejectClosedChannel() throws IOException {
        Pipe witness = registeredPipe(Event.readable(WITNESS));
        Pipe neverAdded = sources().newPipe();
        neverAdded.source().close();
        assertRejects(ClosedChannelException.class, () -> poller().add(neverAdded.source(), Event.readable(1)));

        Pipe added = registeredPipe(Event.readable(2));
        added.source().close();
        assertRejects(ClosedChannelException.class, () -> poller().modify(added.source(), Event.readable(2)));
        assertStillWorks(witness, WITNESS);
    }

    @Test
    default void shouldRejectBlockingChannel() throws IOException {
        Pipe witness = registeredPipe(Event.readable(WITNESS));
        Pipe pipe = sources().newPipe();
        pipe.source().configureBlocking(true);

        IllegalBlockingModeException e = assertThrows(IllegalBlockingModeException.class,
                () -> poller().add(pipe.source(), Event.readable(1)));
        assertTrue(e.getMessage() != null && e.getMessage().contains("configureBlocking(false)"),
                () -> "the message does not say how to mend it: " + e.getMessage());
        pipe.source().configureBlocking(false);
        poller().add(pipe.source(), Event.readable(1)); // the failed add left nothing behind
        assertStillWorks(witness, WITNESS);
    }

    @Test
    default void shouldRejectInterestOutsideValidOpsAsTheJdkDoes() throws IOException {
        Pipe witness = registeredPipe(Event.readable(WITNESS));
        Pipe pipe = sources().newPipe();
        ServerSocketChannel listener = sources().newListener();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> poller().add(pipe.source(), Event.writable(1)));
        assertTrue(e.getMessage().contains("cannot be writable") && e.getMessage().contains("OP_READ"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> poller().add(pipe.source(), Event.all(1)));
        assertThrows(IllegalArgumentException.class, () -> poller().add(pipe.sink(), Event.readable(2)));
        assertThrows(IllegalArgumentException.class, () -> poller().add(listener, Event.writable(3)));

        poller().add(pipe.source(), Event.readable(1)); // the failed adds left nothing behind
        assertThrows(IllegalArgumentException.class, () -> poller().modify(pipe.source(), Event.writable(1)));
        sources().makeReadable(pipe.source());
        assertReadableEvent(1); // still armed as added: the failed modify changed nothing
        assertStillWorks(witness, WITNESS);
    }

    @Test
    default void shouldRejectNullArguments() throws IOException {
        Pipe witness = registeredPipe(Event.readable(WITNESS));
        Pipe pipe = sources().newPipe();
        SelectableChannel ch = pipe.source();
        Event event = Event.readable(1);
        Events events = Events.withCapacity(1);

        assertRejects(NullPointerException.class, () -> poller().add(null, event));
        assertRejects(NullPointerException.class, () -> poller().add(ch, null));
        assertRejects(NullPointerException.class, () -> poller().add(ch, event, null));
        assertRejects(NullPointerException.class, () -> poller().modify(null, event));
        assertRejects(NullPointerException.class, () -> poller().modify(witness.source(), null));
        assertRejects(NullPointerException.class, () -> poller().modify(witness.source(), event, null));
        assertRejects(NullPointerException.class, () -> poller().delete((SelectableChannel) null));
        assertRejects(NullPointerException.class, () -> poller().poll(null, Duration.ZERO));
        assertRejects(NullPointerException.class, () -> Poller.create(null));
        assertEquals(0, poller().poll(events, Duration.ZERO));
        assertStillWorks(witness, WITNESS);
    }

    @Test
    default void shouldRejectNegativeTimeout() throws IOException {
        Pipe witness = registeredPipe(Event.readable(WITNESS));
        Events events = Events.withCapacity(1);

        assertRejects(IllegalArgumentException.class, () -> poller().poll(events, Duration.ofMillis(-1)));
        assertRejects(IllegalArgumentException.class, () -> poller().poll(events, Duration.ofNanos(-1)));
        assertStillWorks(witness, WITNESS);
    }

    @Test
    default void shouldRejectReservedKey() throws IOException {
        Pipe witness = registeredPipe(Event.readable(WITNESS));

        assertRejects(IllegalArgumentException.class, () -> Event.readable(Event.RESERVED_KEY));
        assertRejects(IllegalArgumentException.class, () -> Event.writable(Event.RESERVED_KEY));
        assertRejects(IllegalArgumentException.class, () -> Event.all(Event.RESERVED_KEY));
        assertRejects(IllegalArgumentException.class, () -> Event.none(Event.RESERVED_KEY));
        assertStillWorks(witness, WITNESS);
    }

    @Test
    default void shouldRejectEventsCapacityBelowOne() {
        assertRejects(IllegalArgumentException.class, () -> Events.withCapacity(0));
        assertRejects(IllegalArgumentException.class, () -> Events.withCapacity(-1));
        assertRejects(IllegalArgumentException.class, () -> Events.withCapacity(Integer.MIN_VALUE));
    }

    /** Asserts {@code call} throws {@code type} with a message (the JDK's own NPE/ClosedChannelException may have none). */
    private <T extends Throwable> void assertRejects(Class<T> type, Executable call) {
        T thrown = assertThrows(type, call);
        if (type != NullPointerException.class && type != ClosedChannelException.class) {
            assertNotNull(thrown.getMessage(), () -> type.getSimpleName() + " without a message");
            assertTrue(!thrown.getMessage().isBlank(), () -> type.getSimpleName() + " with a blank message");
        }
    }
}
