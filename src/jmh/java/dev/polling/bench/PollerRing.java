package dev.polling.bench;

import java.io.IOException;
import java.time.Duration;

import dev.polling.Event;
import dev.polling.Events;
import dev.polling.PollMode;
import dev.polling.Poller;

/** The ring on this library's {@link Poller}: poll, read, forward, re-arm. */
final class PollerRing extends RingWorkload {
    /** As the C reference: up to 1024 events per poll. */
    static final int BATCH = 1024;

    private final Poller poller;
    private final Events ready = Events.withCapacity(BATCH);
    /** One interest per pipe, made once: re-arming allocates nothing. */
    private final Event[] interests;
    private final IdleSources idle;
    private final Duration timeout;
    private final boolean oneshot;
    private final boolean drain;

    PollerRing(Impl impl, TokenPipes pipes, int tokens, int idleCount, Duration timeout) throws IOException {
        super(pipes, tokens);
        this.timeout = timeout;
        PollMode mode = impl.mode();
        oneshot = mode == PollMode.ONESHOT || mode == PollMode.EDGE_ONESHOT;
        drain = mode == PollMode.EDGE || mode == PollMode.EDGE_ONESHOT;
        poller = Poller.create(impl.backend());
        IdleSources opened = null;
        try {
            interests = new Event[pipes.size()];
            for (int i = 0; i < interests.length; i++) {
                interests[i] = Event.readable(i);
                pipes.add(poller, i, interests[i], mode);
            }
            opened = IdleSources.register(poller, impl.raw(), idleCount, interests.length, mode);
        } catch (IOException | RuntimeException e) {
            poller.close();
            throw e;
        }
        idle = opened;
    }

    /** The poller, for reports. */
    Poller poller() {
        return poller;
    }

    @Override
    int step() throws IOException {
        int n = poller.poll(ready, timeout);
        for (int j = 0; j < n; j++) {
            int i = (int) ready.key(j);
            if (forward(i, drain) && oneshot) {
                pipes.rearm(poller, i, interests[i]);
            }
        }
        this.events += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        try {
            poller.close();
        } finally {
            idle.close();
            pipes.close();
        }
    }
}
