package dev.polling.stress;

import java.time.Duration;

import dev.polling.Backend;
import dev.polling.Event;
import dev.polling.Events;
import dev.polling.Poller;

/**
 * The leak test's child process: cycles of create, add, poll (one event), close on one backend,
 * printing the open descriptors and the C heap in use after a GC at evenly spaced points. A fresh
 * JVM with the serial collector and only the C1 compiler keeps the JVM's own malloc traffic to a
 * few bytes per cycle, so a leak of a single 16-byte block per cycle shows.
 *
 * <p>Arguments: backend, cycles, samples. Output: {@code sample <cycles done> <descriptors> <heap bytes>}.
 */
public final class LeakProbe {
    private LeakProbe() {
    }

    /** Runs the cycles; see the class comment. */
    public static void main(String[] args) throws Exception {
        Backend backend = Backend.valueOf(args[0]);
        int cycles = Integer.parseInt(args[1]);
        int samples = Integer.parseInt(args[2]);
        NativeHeap.inUse(); // binds the C library for the measurement before anything is counted
        try (Pipes pipes = Pipes.open(1)) {
            pipes.write(0, 1); // stays unread: every cycle's poll has one event
            Events events = Events.withCapacity(64);
            run(backend, pipes, events, Math.max(2_000, cycles / 5)); // warm-up: classes, JIT, first natives
            int done = 0;
            print(done);
            for (int sample = 1; sample <= samples; sample++) {
                int upTo = (int) ((long) cycles * sample / samples);
                run(backend, pipes, events, upTo - done);
                done = upTo;
                print(done);
            }
        }
    }

    private static void run(Backend backend, Pipes pipes, Events events, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            try (Poller poller = Poller.create(backend)) {
                poller.add(pipes.source(0), Event.readable(i));
                if (poller.poll(events, Duration.ofSeconds(10)) != 1 || events.key(0) != i) {
                    throw new AssertionError(backend + ": cycle " + i + " did not see its event: " + events);
                }
            }
        }
    }

    private static void print(int done) {
        System.gc(); // native memory held by garbage (cleaners) is freed first
        long heap = NativeHeap.inUse();
        System.out.println("sample " + done + " " + ProcFs.openDescriptors() + " " + heap);
    }
}
