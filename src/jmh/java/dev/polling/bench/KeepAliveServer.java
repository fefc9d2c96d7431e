package dev.polling.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Consumer;

import dev.polling.Backend;
import dev.polling.Event;
import dev.polling.Events;
import dev.polling.PollMode;
import dev.polling.Poller;

/**
 * A one-thread HTTP/1.1 keep-alive server on loopback for {@code wrk}: the workload of
 * {@code bench/server.sh}, which measures the server process's CPU time per request.
 *
 * <p>Every request (anything ending in an empty line) gets the same 2-byte {@code 200 OK}
 * response; connections stay open until the client closes them. The loop is written the same
 * way on every implementation: one read per readiness event (a loop only when the buffer came
 * back full, or in EDGE mode, which must read until the socket is empty), one write per request,
 * and, in ONESHOT mode, one re-arm per event. {@code jdk-selector} is the plain JDK loop:
 * {@code OP_READ} kept, {@code Selector.select(Consumer)}.
 *
 * <p>Usage: {@code java -cp polling-bench.jar dev.polling.bench.KeepAliveServer IMPL PORT}, where
 * IMPL is {@code backend-mode} (e.g. {@code io_uring-oneshot}, {@code epoll-level}) or
 * {@code jdk-selector}. Binds 127.0.0.1 only, prints {@code listening PORT}, runs until killed.
 */
public final class KeepAliveServer {
    private static final byte[] RESPONSE = ("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\nok")
            .getBytes(StandardCharsets.US_ASCII);
    private static final int SERVER_KEY = 0;

    private final ServerSocketChannel server;
    private final ByteBuffer in = ByteBuffer.allocateDirect(16 * 1024);
    private final ByteBuffer out = ByteBuffer.allocateDirect(RESPONSE.length);
    private SocketChannel[] connections = new SocketChannel[1024];
    /** Per connection: how much of "\r\n\r\n" the bytes read so far end with. */
    private int[] matched = new int[1024];
    /** Per connection: response bytes a full socket did not take yet (rare on loopback). */
    private int[] owed = new int[1024];
    private int[] free = new int[1024];
    private int freeCount;
    private int next = 1;

    private KeepAliveServer(ServerSocketChannel server) {
        this.server = server;
        out.put(RESPONSE).flip();
    }

    /** Starts the server; see the class comment. */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: KeepAliveServer IMPL PORT (IMPL: backend-mode, e.g. io_uring-oneshot, or jdk-selector)");
            System.exit(2);
        }
        String impl = args[0].trim().toLowerCase(Locale.ROOT);
        ServerSocketChannel server = ServerSocketChannel.open();
        server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[1])), 1024);
        server.configureBlocking(false);
        KeepAliveServer s = new KeepAliveServer(server);
        System.out.println("listening " + ((InetSocketAddress) server.getLocalAddress()).getPort() + " " + impl);
        System.out.flush();
        if (impl.equals(Impl.JDK_SELECTOR)) {
            s.runSelector();
        } else {
            int dash = impl.lastIndexOf('-');
            Backend backend = Backend.valueOf(impl.substring(0, dash).toUpperCase(Locale.ROOT));
            PollMode mode = PollMode.valueOf(impl.substring(dash + 1).toUpperCase(Locale.ROOT));
            s.runPoller(backend, mode);
        }
    }

    // ------------------------------------------------------------------ Poller

    private void runPoller(Backend backend, PollMode mode) throws IOException {
        boolean rearm = mode == PollMode.ONESHOT || mode == PollMode.EDGE_ONESHOT;
        boolean edge = mode == PollMode.EDGE || mode == PollMode.EDGE_ONESHOT;
        try (Poller poller = Poller.create(backend)) {
            Event accept = Event.readable(SERVER_KEY);
            Event[] readable = new Event[0];
            poller.add(server, accept, mode);
            Events events = Events.withCapacity(1024);
            for (;;) {
                int n = poller.poll(events, null);
                for (int i = 0; i < n; i++) {
                    int key = (int) events.key(i);
                    if (key == SERVER_KEY) {
                        for (SocketChannel ch = server.accept(); ch != null; ch = server.accept()) {
                            int k = open(ch);
                            if (k >= readable.length) {
                                readable = Arrays.copyOf(readable, connections.length);
                            }
                            if (readable[k] == null) {
                                readable[k] = Event.readable(k);
                            }
                            poller.add(ch, readable[k], mode);
                        }
                        if (rearm) {
                            poller.modify(server, accept, mode);
                        }
                        continue;
                    }
                    SocketChannel ch = connections[key];
                    if (owed[key] > 0 && events.isWritable(i)) {
                        if (!flushOwed(key, ch)) {
                            poller.modify(ch, Event.writable(key), PollMode.ONESHOT);
                            continue;
                        }
                        poller.modify(ch, readable[key], mode);
                        continue;
                    }
                    if (!serve(key, ch, edge)) {
                        poller.delete(ch);
                        close(key);
                    } else if (owed[key] > 0) {
                        poller.modify(ch, Event.writable(key), PollMode.ONESHOT);
                    } else if (rearm) {
                        poller.modify(ch, readable[key], mode);
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- Selector

    private void runSelector() throws IOException {
        try (Selector selector = Selector.open()) {
            server.register(selector, SelectionKey.OP_ACCEPT, SERVER_KEY);
            Consumer<SelectionKey> handler = key -> {
                try {
                    int k = (Integer) key.attachment();
                    if (k == SERVER_KEY) {
                        for (SocketChannel ch = server.accept(); ch != null; ch = server.accept()) {
                            int index = open(ch);
                            ch.register(selector, SelectionKey.OP_READ, index);
                        }
                        return;
                    }
                    SocketChannel ch = connections[k];
                    if (owed[k] > 0 && key.isWritable()) {
                        if (flushOwed(k, ch)) {
                            key.interestOps(SelectionKey.OP_READ);
                        }
                        return;
                    }
                    if (!serve(k, ch, false)) {
                        key.cancel();
                        close(k);
                    } else if (owed[k] > 0) {
                        key.interestOps(SelectionKey.OP_WRITE);
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            };
            for (;;) {
                selector.select(handler);
            }
        }
    }

    // ----------------------------------------------------------------- shared

    /** Reads what is there and answers every complete request; false at end of stream or on error. */
    private boolean serve(int key, SocketChannel ch, boolean untilEmpty) {
        try {
            for (;;) {
                in.clear();
                int n = ch.read(in);
                if (n < 0) {
                    return false;
                }
                int requests = countRequests(key, n);
                for (int r = 0; r < requests && owed[key] == 0; r++) {
                    out.clear();
                    ch.write(out);
                    if (out.hasRemaining()) {
                        owed[key] = out.remaining() + (requests - r - 1) * RESPONSE.length;
                    }
                }
                if (n == 0 || (!untilEmpty && n < in.capacity())) {
                    return true;
                }
            }
        } catch (IOException reset) {
            return false;
        }
    }

    /** Counts the "\r\n\r\n" endings among the {@code n} bytes just read (they may span reads). */
    private int countRequests(int key, int n) {
        int state = matched[key];
        int requests = 0;
        for (int i = 0; i < n; i++) {
            byte b = in.get(i);
            if (b == (state % 2 == 0 ? '\r' : '\n')) {
                if (++state == 4) {
                    requests++;
                    state = 0;
                }
            } else {
                state = b == '\r' ? 1 : 0;
            }
        }
        matched[key] = state;
        return requests;
    }

    /** Writes owed responses; true once nothing is owed. */
    private boolean flushOwed(int key, SocketChannel ch) throws IOException {
        while (owed[key] > 0) {
            int skip = RESPONSE.length - (owed[key] - 1) % RESPONSE.length - 1;
            out.clear().position(skip);
            int written = ch.write(out);
            owed[key] -= written;
            if (out.hasRemaining()) {
                return false;
            }
        }
        return true;
    }

    private int open(SocketChannel ch) throws IOException {
        ch.configureBlocking(false);
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        int k = freeCount > 0 ? free[--freeCount] : next++;
        if (k >= connections.length) {
            int size = connections.length * 2;
            connections = Arrays.copyOf(connections, size);
            matched = Arrays.copyOf(matched, size);
            owed = Arrays.copyOf(owed, size);
            free = Arrays.copyOf(free, size);
        }
        connections[k] = ch;
        matched[k] = 0;
        owed[k] = 0;
        return k;
    }

    private void close(int key) {
        try {
            connections[key].close();
        } catch (IOException ignored) {
            // closing a reset connection
        }
        connections[key] = null;
        free[freeCount++] = key;
    }
}
