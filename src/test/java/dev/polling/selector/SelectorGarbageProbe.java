package dev.polling.selector;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.Iterator;
import java.util.function.Consumer;

import dev.polling.Backend;
import dev.polling.Event;
import dev.polling.Events;
import dev.polling.PollMode;
import dev.polling.Poller;

/**
 * Bytes allocated per event on the polling thread, and nanoseconds per event, for the ring workload
 * (N pipes, T tokens; each event reads the token from pipe i, writes it to pipe i+1 and re-arms
 * pipe i) on the SELECTOR backend beside plain {@link Selector} loops doing the same work in the
 * same run. Not a unit test: run it by hand, e.g.
 * {@code java -cp target/classes:target/test-classes dev.polling.selector.SelectorGarbageProbe 1000 1000}.
 */
public final class SelectorGarbageProbe {
    private final Object threads;
    private final Method allocatedBytes;

    // Reflection: the tests compile inside the dev.polling module, which does not read java.management.
    private SelectorGarbageProbe() throws ReflectiveOperationException {
        threads = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
        allocatedBytes = Class.forName("com.sun.management.ThreadMXBean").getMethod("getCurrentThreadAllocatedBytes");
    }

    private long allocatedBytes() throws ReflectiveOperationException {
        return (Long) allocatedBytes.invoke(threads);
    }

    /** Arguments: pipes, tokens, measured events (defaults 1000, 1000, 2,000,000). */
    public static void main(String[] args) throws IOException, ReflectiveOperationException {
        new SelectorGarbageProbe().run(args);
    }

    private void run(String[] args) throws IOException, ReflectiveOperationException {
        int pipes = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int tokens = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        long events = args.length > 2 ? Long.parseLong(args[2]) : 2_000_000;
        System.out.printf("ring N=%d T=%d, %d events measured after %d warm-up events, %s%n",
                pipes, tokens, events, events, System.getProperty("java.version"));
        for (int round = 0; round < 2; round++) {
            report("polling SELECTOR, ONESHOT + modify", new PollerRing(pipes, tokens, PollMode.ONESHOT), events);
            report("polling SELECTOR, LEVEL", new PollerRing(pipes, tokens, PollMode.LEVEL), events);
            report("plain Selector, select(Consumer), interest toggled", new SelectorRing(pipes, tokens, true, true), events);
            report("plain Selector, select(Consumer), OP_READ kept", new SelectorRing(pipes, tokens, true, false), events);
            report("plain Selector, selectedKeys() iterator", new SelectorRing(pipes, tokens, false, false), events);
        }
    }

    private void report(String name, Ring ring, long events) throws IOException, ReflectiveOperationException {
        try (ring) {
            ring.run(events); // warm-up
            long bytes = allocatedBytes();
            long start = System.nanoTime();
            long done = ring.run(events);
            long nanos = System.nanoTime() - start;
            bytes = allocatedBytes() - bytes;
            System.out.printf("  %-52s %8.3f bytes/event %8.0f ns/event%n", name, (double) bytes / done, (double) nanos / done);
        }
    }

    /** One ring workload. */
    private abstract static class Ring implements AutoCloseable {
        final Pipe[] pipes;
        final ByteBuffer token = ByteBuffer.allocateDirect(1);

        Ring(int n, int tokens) throws IOException {
            pipes = new Pipe[n];
            for (int i = 0; i < n; i++) {
                pipes[i] = Pipe.open();
                pipes[i].source().configureBlocking(false);
                pipes[i].sink().configureBlocking(false);
            }
            for (int t = 0; t < tokens; t++) {
                pass(pipes[t % n]);
            }
        }

        /** Runs until at least {@code events} events were handled; returns how many. */
        abstract long run(long events) throws IOException;

        /** Moves the token from pipe {@code i} to the next pipe. */
        final void forward(int i) throws IOException {
            token.clear();
            pipes[i].source().read(token);
            pass(pipes[(i + 1) % pipes.length]);
        }

        private void pass(Pipe pipe) throws IOException {
            token.clear();
            pipe.sink().write(token);
        }

        @Override
        public void close() throws IOException {
            for (Pipe pipe : pipes) {
                pipe.source().close();
                pipe.sink().close();
            }
        }
    }

    private static final class PollerRing extends Ring {
        private final Poller poller;
        private final Event[] interests;
        private final Events events = Events.withCapacity(1024);
        private final PollMode mode;

        PollerRing(int n, int tokens, PollMode mode) throws IOException {
            super(n, tokens);
            this.mode = mode;
            poller = Poller.create(Backend.SELECTOR);
            interests = new Event[n];
            for (int i = 0; i < n; i++) {
                interests[i] = Event.readable(i);
                poller.add(pipes[i].source(), interests[i], mode);
            }
        }

        @Override
        long run(long target) throws IOException {
            long done = 0;
            while (done < target) {
                int n = poller.poll(events, (Duration) null);
                for (int e = 0; e < n; e++) {
                    int i = (int) events.key(e);
                    forward(i);
                    if (mode == PollMode.ONESHOT) {
                        poller.modify(pipes[i].source(), interests[i]);
                    }
                }
                done += n;
            }
            return done;
        }

        @Override
        public void close() throws IOException {
            poller.close();
            super.close();
        }
    }

    private static final class SelectorRing extends Ring {
        private final Selector selector;
        private final SelectionKey[] keys;
        private final boolean callback;
        private final boolean toggle;
        private final Consumer<SelectionKey> onReady = this::onReady;
        private final SelectionKey[] disarmed;
        private int disarmedCount;
        private long handled;

        SelectorRing(int n, int tokens, boolean callback, boolean toggle) throws IOException {
            super(n, tokens);
            this.callback = callback;
            this.toggle = toggle;
            selector = Selector.open();
            keys = new SelectionKey[n];
            disarmed = new SelectionKey[n];
            for (int i = 0; i < n; i++) {
                keys[i] = pipes[i].source().register(selector, SelectionKey.OP_READ, i);
            }
        }

        @Override
        long run(long target) throws IOException {
            handled = 0;
            while (handled < target) {
                if (callback) {
                    selector.select(onReady);
                    // Re-arm what the callback disarmed, as a oneshot event loop would.
                    for (int k = 0; k < disarmedCount; k++) {
                        disarmed[k].interestOps(SelectionKey.OP_READ);
                        disarmed[k] = null;
                    }
                    disarmedCount = 0;
                } else {
                    selector.select();
                    Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                    while (it.hasNext()) {
                        SelectionKey key = it.next();
                        it.remove();
                        forward((Integer) key.attachment());
                        handled++;
                    }
                }
            }
            return handled;
        }

        private void onReady(SelectionKey key) {
            try {
                forward((Integer) key.attachment());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            if (toggle) {
                key.interestOps(0);
                disarmed[disarmedCount++] = key;
            }
            handled++;
        }

        @Override
        public void close() throws IOException {
            selector.close();
            super.close();
        }
    }
}
