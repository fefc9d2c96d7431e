package dev.polling.examples;

import dev.polling.Event;
import dev.polling.Events;
import dev.polling.Poller;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Arrays;

/**
 * A load client for {@link EchoServer}: opens many connections at once, sends each a known byte
 * stream and checks that every byte comes back, in order. Exits 1 on any error, mismatch, lost
 * byte or timeout; prints a one-line summary either way.
 *
 * <p>What it shows:
 * <ul>
 *   <li>non-blocking connect: a connection first waits for <em>writable</em>, which the poller
 *       reports when the connect has completed (or failed; {@code finishConnect} tells which);</li>
 *   <li>re-arming with exactly the interest still needed: readable while bytes are due back,
 *       plus writable while bytes are left to send ({@link Event#all});</li>
 *   <li>keys as indexes into a plain array: no map and no boxing in the loop.</li>
 * </ul>
 *
 * <pre>
 * java -cp ... dev.polling.examples.EchoClient port [connections] [bytes-per-connection] [timeout-seconds]
 * </pre>
 * Defaults: 100 connections, 256 KiB each, 20 seconds.
 */
public final class EchoClient {
    /** The most one connection writes or reads in one call. */
    private static final int CHUNK = 32 * 1024;
    /**
     * {@code PATTERN[k] = k % 251}. Connection {@code id} sends byte {@code PATTERN[(offset + id) % 251]}
     * at {@code offset}: the period 251 is prime, so a chunk lost, repeated or swapped (chunk sizes
     * are powers of two), or bytes of another connection, change what follows. A whole chunk of
     * the stream is one slice of the table, so sending and checking are bulk copies and compares.
     */
    private static final byte[] PATTERN = new byte[251 + CHUNK];

    static {
        for (int k = 0; k < PATTERN.length; k++) {
            PATTERN[k] = (byte) (k % 251);
        }
    }

    /** Where connection {@code id}'s stream at {@code offset} starts in {@link #PATTERN}. */
    private static int phase(int id, long offset) {
        return (int) ((offset + id) % 251);
    }

    /** One connection's progress through its byte stream. */
    private static final class Connection {
        final int id;
        final SocketChannel channel;
        final Event writable;   // while connecting
        final Event readable;   // everything sent, bytes still due back
        final Event readWrite;  // bytes left to send and to receive
        final ByteBuffer out = ByteBuffer.allocateDirect(CHUNK);
        final ByteBuffer in = ByteBuffer.allocate(CHUNK);
        boolean connected;
        long sent;     // bytes handed to the socket
        long received; // bytes read back and checked

        Connection(int id, SocketChannel channel) {
            this.id = id;
            this.channel = channel;
            this.writable = Event.writable(id);
            this.readable = Event.readable(id);
            this.readWrite = Event.all(id);
            out.limit(0); // nothing generated yet
        }
    }

    private final long bytesPerConnection;
    private int finished;
    private String firstError;

    private EchoClient(long bytesPerConnection) {
        this.bytesPerConnection = bytesPerConnection;
    }

    /** Runs the client: {@code port [connections] [bytes-per-connection] [timeout-seconds]}. */
    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: EchoClient port [connections] [bytes-per-connection] [timeout-seconds]");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        long bytes = args.length > 2 ? Long.parseLong(args[2]) : 256 * 1024;
        Duration timeout = Duration.ofSeconds(args.length > 3 ? Long.parseLong(args[3]) : 20);

        EchoClient client = new EchoClient(bytes);
        long start = System.nanoTime();
        boolean ok;
        String backend;
        try (Poller poller = Poller.create()) {
            backend = poller.backend().toString();
            ok = client.run(poller, new InetSocketAddress("127.0.0.1", port), count, timeout);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long total = bytes * count;
        if (ok) {
            System.out.printf("echo client: OK, backend %s, %d connections, %d bytes sent and verified in %.2f s (%.0f MB/s)%n",
                    backend, count, total, seconds, total / seconds / 1e6);
        } else {
            System.out.printf("echo client: FAILED, backend %s, %d of %d connections verified in %.2f s: %s%n",
                    backend, client.finished, count, seconds, client.firstError);
            System.exit(1);
        }
    }

    private boolean run(Poller poller, InetSocketAddress server, int count, Duration timeout) throws IOException {
        Connection[] connections = new Connection[count]; // the key of a connection is its index
        try {
            for (int id = 0; id < count; id++) {
                SocketChannel channel = SocketChannel.open();
                Connection c = new Connection(id, channel);
                channel.configureBlocking(false);
                c.connected = channel.connect(server); // usually false: the connect completes later
                poller.add(channel, c.writable); // writable = connected (or failed)
                connections[id] = c;             // registered: from here on, deleted and closed below
            }

            Events events = Events.withCapacity(256);
            long deadline = System.nanoTime() + timeout.toNanos();
            long left;
            while (finished < count && firstError == null && (left = deadline - System.nanoTime()) > 0) {
                int n = poller.poll(events, Duration.ofNanos(left));
                for (int i = 0; i < n; i++) {
                    step(poller, connections[(int) events.key(i)]);
                }
            }
            if (firstError == null && finished < count) {
                firstError = "timed out after " + timeout.toSeconds() + " s";
            }
            return firstError == null;
        } finally {
            for (Connection c : connections) {
                if (c != null) {
                    poller.delete(c.channel); // delete before close
                    c.channel.close();
                }
            }
        }
    }

    /** Moves one connection as far as it goes without blocking, then re-arms it for what is left. */
    private void step(Poller poller, Connection c) {
        try {
            if (!c.connected) {
                c.connected = c.channel.finishConnect(); // throws if the connect failed
                if (!c.connected) {
                    poller.modify(c.channel, c.writable);
                    return;
                }
            }
            send(c);
            if (!receive(c)) {
                return;
            }
            if (c.received == bytesPerConnection) {
                finished++;
                c.channel.shutdownOutput(); // tell the server we are finished; it closes its side
                return;                     // no re-arm: this connection reports nothing more
            }
            poller.modify(c.channel, c.sent < bytesPerConnection ? c.readWrite : c.readable);
        } catch (IOException e) {
            fail(c, e.toString());
        }
    }

    /** Writes the next part of the stream until the socket is full or everything is sent. */
    private void send(Connection c) throws IOException {
        while (c.sent < bytesPerConnection) {
            if (!c.out.hasRemaining()) {
                int chunk = (int) Math.min(CHUNK, bytesPerConnection - c.sent);
                c.out.clear();
                c.out.put(PATTERN, phase(c.id, c.sent), chunk).flip();
            }
            int written = c.channel.write(c.out);
            if (written == 0) {
                return; // the socket is full; the next writable event continues
            }
            c.sent += written;
        }
    }

    /** Reads and checks everything available; false after an error (already recorded). */
    private boolean receive(Connection c) throws IOException {
        for (;;) {
            c.in.clear();
            int read = c.channel.read(c.in);
            if (read == 0) {
                return true;
            }
            if (read < 0) {
                fail(c, "the server closed the connection after " + c.received + " of " + bytesPerConnection + " bytes");
                return false;
            }
            if (c.received + read > c.sent) {
                fail(c, "received " + (c.received + read) + " bytes but only sent " + c.sent);
                return false;
            }
            int from = phase(c.id, c.received);
            int wrong = Arrays.mismatch(c.in.array(), 0, read, PATTERN, from, from + read);
            if (wrong >= 0) {
                fail(c, "wrong byte at offset " + (c.received + wrong));
                return false;
            }
            c.received += read;
        }
    }

    private void fail(Connection c, String why) {
        if (firstError == null) {
            firstError = "connection " + c.id + ": " + why;
        }
    }
}
