package dev.polling.stress;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;

/** A set of non-blocking pipes, with the byte-level helpers the stress tests use; closes them all. */
final class Pipes implements AutoCloseable {
    private final Pipe[] pipes;

    private Pipes(int count) {
        pipes = new Pipe[count];
    }

    /** Opens {@code count} pipes, both ends non-blocking. */
    static Pipes open(int count) throws IOException {
        Pipes set = new Pipes(count);
        try {
            for (int i = 0; i < count; i++) {
                set.pipes[i] = openOne();
            }
        } catch (IOException | RuntimeException e) {
            set.close();
            throw e;
        }
        return set;
    }

    /** One pipe, both ends non-blocking. */
    static Pipe openOne() throws IOException {
        Pipe pipe = Pipe.open();
        pipe.source().configureBlocking(false);
        pipe.sink().configureBlocking(false);
        return pipe;
    }

    /** Pipe {@code i}. */
    Pipe get(int i) {
        return pipes[i];
    }

    /** Pipe {@code i}'s read end. */
    Pipe.SourceChannel source(int i) {
        return pipes[i].source();
    }

    int size() {
        return pipes.length;
    }

    /** Writes {@code count} bytes into pipe {@code i}; fails if the pipe is full. */
    void write(int i, int count) throws IOException {
        writeBytes(pipes[i].sink(), count);
    }

    /** Writes {@code count} bytes into {@code sink}; fails if it is full. */
    static void writeBytes(Pipe.SinkChannel sink, int count) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(count);
        while (bytes.hasRemaining()) {
            if (sink.write(bytes) == 0) {
                throw new IllegalStateException("pipe full: the test keeps far fewer bytes in flight than a pipe holds");
            }
        }
    }

    /** Reads everything pipe {@code i} holds now; returns how many bytes. */
    int drain(int i, ByteBuffer scratch) throws IOException {
        return drain(pipes[i].source(), scratch);
    }

    /** Reads everything {@code source} holds now (until a read returns short); returns how many bytes. */
    static int drain(Pipe.SourceChannel source, ByteBuffer scratch) throws IOException {
        int total = 0;
        for (;;) {
            scratch.clear();
            int n = source.read(scratch);
            if (n <= 0) {
                return total;
            }
            total += n;
            if (n < scratch.capacity()) {
                return total; // a short read of a pipe means it is empty now
            }
        }
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (Pipe pipe : pipes) {
            if (pipe == null) {
                continue;
            }
            try {
                pipe.source().close();
                pipe.sink().close();
            } catch (IOException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
