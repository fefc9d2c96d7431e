package dev.polling.examples;

import dev.polling.Event;
import dev.polling.Events;
import dev.polling.Poller;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A TCP echo server on one poller thread: everything a client sends comes back unchanged.
 *
 * <p>What it shows:
 * <ul>
 *   <li>the oneshot model: every source reports one event, then stays silent until
 *       {@code modify} re-arms it, so the loop decides at each step what it waits for next;</li>
 *   <li>partial writes: when the socket will not take the whole echo, the connection waits for
 *       <em>writable</em> instead of readable, and reads nothing more until its buffer is sent
 *       (back-pressure: a slow reader slows its own writer, never the server);</li>
 *   <li>one {@link Events} buffer and one {@link Event} per source, reused for the whole run.</li>
 * </ul>
 *
 * <pre>
 * java -cp ... dev.polling.examples.EchoServer [port] [seconds]
 * </pre>
 * {@code port} 0 (the default) picks a free one; the first line on stdout is the port, so a
 * script can read it. The server stops by itself after {@code seconds} (default 30), or at
 * Ctrl-C, and prints a one-line summary.
 */
public final class EchoServer {
    /** The key of the listening socket; connections get keys 1, 2, 3, ... */
    private static final long LISTENER = 0;

    private final Poller poller;
    private final ServerSocketChannel server;
    private final Event acceptable = Event.readable(LISTENER);
    /** Open connections by key. Only the poller thread touches it. */
    private final Map<Long, Connection> connections = new HashMap<>();
    private long nextKey = LISTENER + 1;
    private volatile boolean stopping;

    private long accepted;
    private long bytesEchoed;
    /** How often a write could not take everything and the connection had to wait for writable. */
    private long writeStalls;

    /** One client: its channel, the events it is re-armed with, and the bytes not yet echoed. */
    private static final class Connection {
        final SocketChannel channel;
        final Event readable;
        final Event writable;
        final ByteBuffer buffer = ByteBuffer.allocateDirect(16 * 1024);

        Connection(SocketChannel channel, long key) {
            this.channel = channel;
            this.readable = Event.readable(key);
            this.writable = Event.writable(key);
        }
    }

    private EchoServer(Poller poller, ServerSocketChannel server) {
        this.poller = poller;
        this.server = server;
    }

    /** Runs the server: {@code [port] [seconds]}, as the class comment says. */
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        Duration runFor = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 30);

        try (Poller poller = Poller.create();
             ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress("127.0.0.1", port), 1024);
            server.configureBlocking(false); // a poller only takes non-blocking channels
            System.out.println(((InetSocketAddress) server.getLocalAddress()).getPort());
            System.out.flush();

            EchoServer echo = new EchoServer(poller, server);
            echo.stopOnShutdown(Thread.currentThread());
            echo.run(runFor);
            System.out.printf("echo server: backend %s, %d connections, %d bytes echoed, %d partial writes%n",
                    poller.backend(), echo.accepted, echo.bytesEchoed, echo.writeStalls);
        }
    }

    /** Ctrl-C (or SIGTERM) ends the loop cleanly: set the flag, wake the poller, wait for the loop to finish. */
    private void stopOnShutdown(Thread loopThread) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping = true;
            poller.wakeup(); // lock-free, and harmless if the poller is already closed
            try {
                loopThread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
    }

    private void run(Duration runFor) throws IOException {
        poller.add(server, acceptable);
        Events events = Events.withCapacity(256);
        long deadline = System.nanoTime() + runFor.toNanos();
        try {
            long left;
            while (!stopping && (left = deadline - System.nanoTime()) > 0) {
                int n = poller.poll(events, Duration.ofNanos(left));
                for (int i = 0; i < n; i++) {
                    long key = events.key(i);
                    if (key == LISTENER) {
                        acceptAll();
                    } else {
                        Connection c = connections.get(key);
                        if (c != null) {
                            serve(key, c, events.isWritable(i));
                        }
                    }
                }
            }
        } finally {
            for (Connection c : connections.values()) {
                poller.delete(c.channel); // delete before close
                c.channel.close();
            }
            connections.clear();
            poller.delete(server);
        }
    }

    /** Accepts every pending connection, then re-arms the listener. */
    private void acceptAll() throws IOException {
        SocketChannel channel;
        while ((channel = server.accept()) != null) {
            channel.configureBlocking(false);
            long key = nextKey++;
            Connection c = new Connection(channel, key);
            connections.put(key, c);
            poller.add(channel, c.readable);
            accepted++;
        }
        poller.modify(server, acceptable); // oneshot: the listener is silent until re-armed
    }

    /**
     * One step of a connection. It is armed for either readable (buffer empty) or writable
     * (an echo is half sent), never both, so the buffer is only ever in one mode.
     */
    private void serve(long key, Connection c, boolean writable) {
        try {
            if (!writable) {
                int read = c.channel.read(c.buffer);
                if (read < 0) {          // the client closed its side: we are done
                    close(key, c);
                    return;
                }
                c.buffer.flip();
            }
            bytesEchoed += c.channel.write(c.buffer);
            if (c.buffer.hasRemaining()) {
                if (!writable) {
                    writeStalls++;
                }
                poller.modify(c.channel, c.writable);  // the socket is full: wait until it drains
            } else {
                c.buffer.clear();
                poller.modify(c.channel, c.readable);  // all echoed: wait for more input
            }
        } catch (IOException e) { // e.g. connection reset by the peer: drop this client only
            close(key, c);
        }
    }

    private void close(long key, Connection c) {
        connections.remove(key);
        try {
            poller.delete(c.channel);
            c.channel.close();
        } catch (IOException ignored) {
            // nothing more to do for a connection that is going away
        }
    }
}
