package dev.polling.conformance;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.Pipe;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import dev.polling.Event;
import dev.polling.Events;

/**
 * {@code add}/{@code modify}/{@code delete} from another thread take effect in a poll that is
 * already blocked, without anyone calling {@code wakeup()}. The blocked poll has no timeout (or
 * a {@link #CEILING} one), so only the change itself can make it return what is asserted.
 */
public interface ConcurrentRegistrationContract extends ConformanceFixture {

    @Test
    default void shouldReportSourceAddedWhilePollBlocked() throws Exception {
        registeredPipe(Event.readable(1)); // something registered that stays silent
        Events events = Events.withCapacity(8);
        Future<Integer> poll = async(() -> poller().poll(events, null));
        letPollBlock();

        Pipe added = sources().newPipe();
        sources().makeReadable(added.source());
        poller().add(added.source(), Event.readable(2));
        await(poll, "a blocked poll, after a ready source was added from another thread");
        assertOnlyEvent(events, 2, true, false);
    }

    @Test
    default void shouldReportSourceMadeReadyAfterAddWhilePollBlocked() throws Exception {
        Events events = Events.withCapacity(8);
        Future<Integer> poll = async(() -> poller().poll(events, null)); // nothing registered at all
        letPollBlock();

        Pipe added = registeredPipe(Event.readable(3));
        sources().makeReadable(added.source());
        await(poll, "a blocked poll, after a source added from another thread became ready");
        assertOnlyEvent(events, 3, true, false);
    }

    @Test
    default void shouldReportSourceModifiedWhilePollBlocked() throws Exception {
        Pipe pipe = registeredPipe(Event.none(4));
        sources().makeReadable(pipe.source()); // ready, but nothing asked for
        Events events = Events.withCapacity(8);
        Future<Integer> poll = async(() -> poller().poll(events, null));
        letPollBlock();

        poller().modify(pipe.source(), Event.readable(5));
        await(poll, "a blocked poll, after a ready source was re-armed from another thread");
        assertOnlyEvent(events, 5, true, false);
    }

    @Test
    default void shouldRearmFiredSourceWhilePollBlocked() throws Exception {
        Pipe pipe = registeredPipe(Event.readable(6));
        sources().makeReadable(pipe.source());
        assertReadableEvent(6); // now disarmed, still ready
        Events events = Events.withCapacity(8);
        Future<Integer> poll = async(() -> poller().poll(events, null));
        letPollBlock();

        poller().modify(pipe.source(), Event.readable(6));
        await(poll, "a blocked poll, after a fired oneshot source was re-armed from another thread");
        assertOnlyEvent(events, 6, true, false);
    }

    @Test
    default void shouldNotReportSourceDeletedWhilePollBlocked() throws Exception {
        Pipe deleted = registeredPipe(Event.readable(7));
        Pipe kept = registeredPipe(Event.readable(8));
        Events events = Events.withCapacity(8);
        Future<Integer> poll = async(() -> poller().poll(events, CEILING));
        letPollBlock();

        poller().delete(deleted.source());
        sources().makeReadable(deleted.source());
        sources().makeReadable(kept.source());
        await(poll, "a blocked poll, after a source was deleted and another became ready");
        assertTrue(events.size() > 0, "the source that stayed registered was not reported");
        for (int i = 0; i < events.size(); i++) {
            assertNotEquals(7, events.key(i), () -> "a source deleted during the poll was reported: " + events);
        }
        assertQuiet("a source deleted during a poll was reported later");
    }
}
