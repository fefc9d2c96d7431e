package dev.polling.example;

import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongConsumer;

import dev.polling.Event;
import dev.polling.Events;
import dev.polling.Poller;

/**
 * A user's event loop, the code under test of {@link DispatchLoopTest}: it dispatches each
 * readable source to a handler, re-arms it (oneshot), and counts the turns on which nothing
 * happened for a whole idle timeout. It takes its {@link Poller} from outside, which is all it
 * needs to be tested with {@link dev.polling.testing.MockPoller}.
 */
final class DispatchLoop {
    private final Poller poller;
    private final Duration idleTimeout;
    private final LongConsumer handler;
    private final Events events = Events.withCapacity(64);
    private final Map<Long, SelectableChannel> channels = new HashMap<>();
    private int idleTurns;

    DispatchLoop(Poller poller, Duration idleTimeout, LongConsumer handler) {
        this.poller = poller;
        this.idleTimeout = idleTimeout;
        this.handler = handler;
    }

    /** Starts watching {@code channel}; its events carry {@code key}. */
    void register(SelectableChannel channel, long key) throws IOException {
        poller.add(channel, Event.readable(key));
        channels.put(key, channel);
    }

    /** One turn: wait up to the idle timeout, hand each readable key to the handler, re-arm it. */
    void runOnce() throws IOException {
        int n = poller.poll(events, idleTimeout);
        if (n == 0) {
            idleTurns++;
        }
        for (int i = 0; i < n; i++) {
            long key = events.key(i);
            handler.accept(key);
            poller.modify(channels.get(key), Event.readable(key));
        }
    }

    /** How many turns ended with nothing to do. */
    int idleTurns() {
        return idleTurns;
    }
}
