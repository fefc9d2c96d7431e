package dev.polling.modules;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.time.Duration;

import dev.polling.Event;
import dev.polling.Events;
import dev.polling.Poller;

/**
 * The program {@link ForeignBindingModulePathTest} runs with {@code dev.polling} on the module path: one readiness
 * event through {@link Poller#create()}, then the backend that served it. Its package is not one of
 * the module's, so that it can sit on the class path beside it.
 */
public final class PollOnModulePath {
    private PollOnModulePath() {
    }

    /**
     * Polls once and prints {@code polled BACKEND}.
     *
     * @throws AssertionError if the event is not the one expected
     */
    public static void main(String[] args) throws IOException {
        Pipe pipe = Pipe.open();
        try (Poller poller = Poller.create(); var source = pipe.source(); var sink = pipe.sink()) {
            source.configureBlocking(false);
            poller.add(source, Event.readable(3));
            sink.write(ByteBuffer.wrap(new byte[] {1}));
            Events events = Events.withCapacity(4);
            if (poller.poll(events, Duration.ofSeconds(30)) != 1 || events.key(0) != 3) {
                throw new AssertionError(poller.backend() + ": the readable event for key 3 went missing");
            }
            System.out.println("polled " + poller.backend() + " in module " + Poller.class.getModule().getName());
        }
    }
}
