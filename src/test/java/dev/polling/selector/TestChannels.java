package dev.polling.selector;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayDeque;
import java.util.Deque;

/** Non-blocking JDK channels for tests, all closed by {@link #close()}. */
final class TestChannels implements Closeable {
    private final Deque<Closeable> opened = new ArrayDeque<>();

    /** A pipe with both ends non-blocking. */
    Pipe pipe() throws IOException {
        Pipe pipe = Pipe.open();
        opened.push(pipe.sink());
        opened.push(pipe.source());
        pipe.sink().configureBlocking(false);
        pipe.source().configureBlocking(false);
        return pipe;
    }

    /** A pipe whose source end has {@code bytes} bytes waiting. */
    Pipe readablePipe(int bytes) throws IOException {
        Pipe pipe = pipe();
        write(pipe.sink(), bytes);
        return pipe;
    }

    /** A non-blocking server socket listening on 127.0.0.1, any port. */
    ServerSocketChannel listener() throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        opened.push(server);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        server.configureBlocking(false);
        return server;
    }

    /** A connected TCP pair over loopback, both ends non-blocking: {@code [client, accepted]}. */
    SocketChannel[] socketPair() throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        try (server) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            SocketChannel client = SocketChannel.open(server.getLocalAddress());
            opened.push(client);
            SocketChannel accepted = server.accept(); // blocking: the connect above already completed
            opened.push(accepted);
            client.configureBlocking(false);
            accepted.configureBlocking(false);
            return new SocketChannel[] {client, accepted};
        }
    }

    /** A non-blocking socket channel, not connected. */
    SocketChannel socket() throws IOException {
        SocketChannel socket = SocketChannel.open();
        opened.push(socket);
        socket.configureBlocking(false);
        return socket;
    }

    /** Writes {@code bytes} bytes (all of them; the channel must have room). */
    static void write(WritableByteChannel channel, int bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(bytes);
        while (buffer.hasRemaining()) {
            if (channel.write(buffer) == 0) {
                throw new IOException("channel full after " + buffer.position() + " of " + bytes + " bytes");
            }
        }
    }

    /** Reads whatever is available; -1 at end of stream. */
    static int drain(ReadableByteChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        int total = 0;
        for (;;) {
            int n = channel.read(buffer);
            if (n <= 0) {
                return total == 0 ? n : total;
            }
            total += n;
            buffer.clear();
        }
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        while (!opened.isEmpty()) {
            try {
                opened.pop().close();
            } catch (IOException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
