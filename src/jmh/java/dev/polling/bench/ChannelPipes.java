package dev.polling.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;

import dev.polling.Event;
import dev.polling.PollMode;
import dev.polling.Poller;

/**
 * N JDK {@link Pipe}s, non-blocking, moved with reused direct buffers: what every backend
 * (and the plain {@link java.nio.channels.Selector} loop) can poll, so they compare like for like.
 */
final class ChannelPipes implements TokenPipes {
    private final Pipe.SourceChannel[] sources;
    private final Pipe.SinkChannel[] sinks;
    private final ByteBuffer in = ByteBuffer.allocateDirect(MAX_READ);
    private final ByteBuffer out = ByteBuffer.allocateDirect(MAX_READ);

    ChannelPipes(int n) throws IOException {
        sources = new Pipe.SourceChannel[n];
        sinks = new Pipe.SinkChannel[n];
        while (out.hasRemaining()) {
            out.put((byte) 'x');
        }
        try {
            for (int i = 0; i < n; i++) {
                Pipe pipe = Pipe.open();
                sources[i] = pipe.source();
                sinks[i] = pipe.sink();
                sources[i].configureBlocking(false);
                sinks[i].configureBlocking(false);
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw new IOException("opening " + n + " JDK pipes failed (N pipes need 2N descriptors: raise ulimit -n?)", e);
        }
    }

    /** The read end of pipe {@code i}. */
    Pipe.SourceChannel source(int i) {
        return sources[i];
    }

    /** The write end of pipe {@code i}. */
    Pipe.SinkChannel sink(int i) {
        return sinks[i];
    }

    @Override
    public int size() {
        return sources.length;
    }

    @Override
    public void add(Poller poller, int i, Event interest, PollMode mode) throws IOException {
        poller.add(sources[i], interest, mode);
    }

    @Override
    public void rearm(Poller poller, int i, Event interest) throws IOException {
        poller.modify(sources[i], interest);
    }

    @Override
    public void delete(Poller poller, int i) throws IOException {
        poller.delete(sources[i]);
    }

    @Override
    public int read(int i, boolean drain) throws IOException {
        in.clear();
        if (!drain) {
            in.limit(1);
        }
        int n = sources[i].read(in);
        return Math.max(n, 0);
    }

    @Override
    public void write(int i, int count) throws IOException {
        out.limit(count).position(0);
        if (sinks[i].write(out) != count) {
            throw new IOException("write of " + count + " byte(s) into pipe " + i + " failed");
        }
    }

    @Override
    public long drainAll() throws IOException {
        long total = 0;
        for (int i = 0; i < sources.length; i++) {
            int n;
            while ((n = read(i, true)) > 0) {
                total += n;
            }
        }
        return total;
    }

    @Override
    public String describe() {
        return "JDK Pipe channels";
    }

    @Override
    public void close() {
        for (int i = 0; i < sources.length; i++) {
            closeQuietly(sources[i]);
            closeQuietly(sinks[i]);
        }
    }

    private static void closeQuietly(java.nio.channels.Channel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing a pipe end cannot usefully fail here; the benchmark is ending
            }
        }
    }
}
