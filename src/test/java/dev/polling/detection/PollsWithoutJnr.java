package dev.polling.detection;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.time.Duration;

import dev.polling.Backend;
import dev.polling.Event;
import dev.polling.Events;
import dev.polling.Poller;

/**
 * The program {@link ForeignBindingLoadsNoJnrTest} runs in a child JVM: one readiness event through
 * each backend named on the command line, then a line saying which binding served it.
 */
public final class PollsWithoutJnr {
    private PollsWithoutJnr() {
    }

    /**
     * Polls once on each backend in {@code args}.
     *
     * @throws AssertionError if the event is not the one expected
     */
    public static void main(String[] args) throws IOException {
        for (String name : args) {
            Backend backend = Backend.valueOf(name);
            Pipe pipe = Pipe.open();
            try (Poller poller = Poller.create(backend); var source = pipe.source(); var sink = pipe.sink()) {
                source.configureBlocking(false);
                poller.add(source, Event.readable(7));
                sink.write(ByteBuffer.wrap(new byte[] {1}));
                Events events = Events.withCapacity(4);
                int n = poller.poll(events, Duration.ofSeconds(30));
                if (n != 1 || events.key(0) != 7 || !events.isReadable(0)) {
                    throw new AssertionError(backend + ": expected one readable event for key 7, got " + n);
                }
                System.out.println("polled " + backend + " through " + BindingDetector.chosen());
            }
        }
    }
}
