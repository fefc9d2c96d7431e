package dev.polling.testsupport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.time.Duration;

import dev.polling.Backend;
import dev.polling.Event;
import dev.polling.Events;
import dev.polling.Poller;

/**
 * The user's whole oneshot loop, for {@link FreshJvmAllocation}: a one-byte token circles a ring of
 * JDK pipes; each event is polled, its byte read and passed to the next pipe, and its channel
 * re-armed with the same {@link Event}. The argument names the {@link Backend}, optionally followed
 * by {@code " timed"} to poll with a timeout rather than without one.
 */
public final class PollerLoopWorkload implements AllocationWorkload {
    private static final int PIPES = 8;
    private static final int EVENTS_PER_WINDOW = 20_000;

    private final Poller poller;
    private final Pipe[] ring = new Pipe[PIPES];
    private final Event[] interest = new Event[PIPES];
    private final Events events = Events.withCapacity(16);
    private final ByteBuffer token = ByteBuffer.allocateDirect(1);
    private final ByteBuffer in = ByteBuffer.allocateDirect(16);
    private final Duration timeout;

    /** Sets the ring up on the backend the argument names, with the token in the first pipe. */
    public PollerLoopWorkload(String argument) throws IOException {
        String[] words = argument.split(" ");
        timeout = words.length > 1 && words[1].equals("timed") ? Duration.ofSeconds(30) : null;
        poller = Poller.create(Backend.valueOf(words[0]));
        for (int i = 0; i < PIPES; i++) {
            ring[i] = Pipe.open();
            ring[i].source().configureBlocking(false);
            ring[i].sink().configureBlocking(false);
            interest[i] = Event.readable(i);
            poller.add(ring[i].source(), interest[i]);
        }
        pass(0);
    }

    @Override
    public long window() throws IOException {
        int handled = 0;
        while (handled < EVENTS_PER_WINDOW) {
            int n = poller.poll(events, timeout);
            if (n == 0) {
                throw new AssertionError("the token's event went missing after " + handled + " events");
            }
            for (int e = 0; e < n; e++) {
                int i = (int) events.key(e);
                in.clear();
                ring[i].source().read(in);
                pass((i + 1) % PIPES);
                poller.modify(ring[i].source(), interest[i]);
            }
            handled += n;
        }
        return handled;
    }

    private void pass(int to) throws IOException {
        token.clear();
        if (ring[to].sink().write(token) != 1) {
            throw new AssertionError("the pipe refused the token");
        }
    }

    @Override
    public void close() throws IOException {
        poller.close();
        for (Pipe p : ring) {
            p.source().close();
            p.sink().close();
        }
    }
}
