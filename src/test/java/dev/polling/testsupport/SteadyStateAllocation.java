package dev.polling.testsupport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.time.Duration;

import dev.polling.Event;
import dev.polling.Events;
import dev.polling.Poller;

/**
 * Bytes the polling thread allocates per event once warm, over the user's whole loop on a JDK
 * pipe: write a byte, poll its event, read it, re-arm with the same {@link Event}.
 */
public final class SteadyStateAllocation {
    private static final int EVENTS_PER_ROUND = 10_000;
    private static final int ROUNDS = 3; // the first rounds warm the JIT up; the last one is judged

    private SteadyStateAllocation() {
    }

    /**
     * Runs the loop on {@code poller} and returns the bytes allocated per event in the last round.
     *
     * @throws AssertionError if an event goes missing
     */
    public static double bytesPerEvent(Poller poller, ThreadCounters counters) throws IOException {
        Pipe p = Pipe.open();
        try (var source = p.source(); var sink = p.sink()) {
            source.configureBlocking(false);
            sink.configureBlocking(false);
            Events events = Events.withCapacity(16);
            Event interest = Event.readable(1);
            Duration timeout = Duration.ofSeconds(5);
            ByteBuffer out = ByteBuffer.allocateDirect(1);
            ByteBuffer in = ByteBuffer.allocateDirect(16);
            poller.add(source, interest);
            double perEvent = Double.MAX_VALUE;
            for (int round = 0; round < ROUNDS; round++) {
                long before = counters.allocatedBytes();
                for (int i = 0; i < EVENTS_PER_ROUND; i++) {
                    out.clear();
                    sink.write(out);
                    if (poller.poll(events, timeout) != 1) {
                        throw new AssertionError("the event of byte " + i + " of round " + round + " went missing");
                    }
                    in.clear();
                    source.read(in);
                    poller.modify(source, interest);
                }
                perEvent = (counters.allocatedBytes() - before) / (double) EVENTS_PER_ROUND;
            }
            poller.delete(source);
            return perEvent;
        }
    }
}
