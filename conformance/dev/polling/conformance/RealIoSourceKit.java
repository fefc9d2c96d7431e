package dev.polling.conformance;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.channels.Pipe;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

import org.junit.jupiter.api.Assumptions;

import dev.polling.spi.ChannelDescriptors;

/**
 * The default {@link SourceKit}: readiness comes from real I/O on pipes and loopback TCP sockets,
 * exactly as an application would produce it.
 */
public class RealIoSourceKit implements SourceKit {
    /** How many pipes {@link #newPipeOnDescriptor} opens at most while looking for a number. */
    private static final int REUSE_ATTEMPTS = 64;

    /** Each source's peer: what writes into it or reads from it. */
    private final Map<SelectableChannel, Channel> peers = new ConcurrentHashMap<>();
    private final ConcurrentLinkedDeque<Channel> opened = new ConcurrentLinkedDeque<>();

    @Override
    public Pipe newPipe() throws IOException {
        Pipe pipe = Pipe.open();
        track(pipe.source());
        track(pipe.sink());
        pipe.source().configureBlocking(false);
        pipe.sink().configureBlocking(false);
        peers.put(pipe.source(), pipe.sink());
        peers.put(pipe.sink(), pipe.source());
        return pipe;
    }

    @Override
    public Pipe newPipeOnDescriptor(int fd) throws IOException {
        // The OS hands out the lowest free number, so the first pipe usually gets it at once;
        // pipes that did not are kept open meanwhile so that the search moves on, then closed.
        List<Pipe> misses = new ArrayList<>();
        try {
            for (int i = 0; i < REUSE_ATTEMPTS; i++) {
                Pipe pipe = newPipe();
                if (descriptorOf(pipe.source()) == fd) {
                    return pipe;
                }
                misses.add(pipe);
            }
            return null;
        } finally {
            for (Pipe miss : misses) {
                miss.source().close();
                miss.sink().close();
            }
        }
    }

    @Override
    public SocketChannel[] newConnectedPair() throws IOException {
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            SocketChannel client = track(SocketChannel.open());
            client.connect(listener.getLocalAddress());
            SocketChannel server = track(listener.accept());
            client.configureBlocking(false);
            server.configureBlocking(false);
            peers.put(client, server);
            peers.put(server, client);
            return new SocketChannel[] {client, server};
        }
    }

    @Override
    public ServerSocketChannel newListener() throws IOException {
        ServerSocketChannel listener = track(ServerSocketChannel.open());
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        listener.configureBlocking(false);
        return listener;
    }

    @Override
    public SocketChannel startConnect(ServerSocketChannel listener) throws IOException {
        SocketChannel client = track(SocketChannel.open());
        client.configureBlocking(false);
        client.connect(listener.getLocalAddress());
        return client;
    }

    @Override
    public SocketChannel startRefusedConnect() throws IOException {
        InetSocketAddress nobody;
        try (ServerSocketChannel probe = ServerSocketChannel.open()) {
            // A port that was free a moment ago and is closed now: connecting to it is refused.
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            nobody = (InetSocketAddress) probe.getLocalAddress();
        }
        SocketChannel client = track(SocketChannel.open());
        client.configureBlocking(false);
        try {
            client.connect(nobody);
        } catch (ConnectException refusedAtOnce) {
            // Some systems refuse a loopback connect inside connect(2): then no poll can see it.
            Assumptions.abort("this OS refused the connect before any poll could see it: " + refusedAtOnce);
        }
        return client;
    }

    @Override
    public void makeReadable(SelectableChannel source) throws IOException {
        WritableByteChannel peer = (WritableByteChannel) peerOf(source);
        if (peer.write(ByteBuffer.wrap(new byte[] {42})) != 1) {
            throw new IOException("the peer of " + source + " is full: cannot make it readable");
        }
    }

    @Override
    public void drain(SelectableChannel source) throws IOException {
        ReadableByteChannel in = (ReadableByteChannel) source;
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        while (in.read(buffer) > 0) {
            buffer.clear();
        }
    }

    @Override
    public void hangUp(SelectableChannel source) throws IOException {
        peerOf(source).close();
    }

    @Override
    public void reset(SocketChannel socket) throws IOException {
        SocketChannel peer = (SocketChannel) peerOf(socket);
        peer.setOption(StandardSocketOptions.SO_LINGER, 0); // close() then sends RST, not FIN
        peer.close();
    }

    @Override
    public void fillUntilBlocked(SelectableChannel sink) throws IOException {
        WritableByteChannel out = (WritableByteChannel) sink;
        ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
        while (out.write(chunk) > 0) {
            chunk.clear();
        }
    }

    @Override
    public int descriptorOf(SelectableChannel channel) throws IOException {
        return ChannelDescriptors.descriptorOf(channel);
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (Channel c; (c = opened.pollLast()) != null; ) {
            try {
                c.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        peers.clear();
        if (first != null) {
            throw first;
        }
    }

    private Channel peerOf(SelectableChannel source) {
        Channel peer = peers.get(source);
        if (peer == null) {
            throw new IllegalArgumentException(source + " was not made by this kit or has no peer");
        }
        return peer;
    }

    private <C extends Channel> C track(C channel) {
        opened.add(channel);
        return channel;
    }
}
