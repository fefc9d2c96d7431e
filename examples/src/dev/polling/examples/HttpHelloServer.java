package dev.polling.examples;

import dev.polling.Event;
import dev.polling.Events;
import dev.polling.Poller;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * An HTTP/1.1 "hello" server on one poller thread, with keep-alive and pipelining: enough HTTP
 * for {@code wrk}, {@code curl} and browsers, in one small loop.
 *
 * <p>What it shows:
 * <ul>
 *   <li>a request/response protocol over the oneshot model: read what arrived, answer every
 *       complete request in it (several when the client pipelines), write the answers, then
 *       re-arm for readable, or for writable when the socket could not take them all;</li>
 *   <li>back-pressure: while answers are waiting to be written, the connection reads nothing;</li>
 *   <li>request framing by {@code Content-Length} (a body is skipped) and connection reuse by
 *       version and the {@code Connection} header.</li>
 * </ul>
 * It answers every request with {@code Hello, world!}; chunked request bodies are refused
 * (400) and a header block over 8 KiB gets 431, each followed by closing the connection.
 *
 * <pre>
 * java -cp ... dev.polling.examples.HttpHelloServer [port] [seconds]
 * wrk -c 50 -d 5s http://127.0.0.1:PORT/
 * </pre>
 * {@code port} 0 (the default) picks a free one; the first line on stdout is the port. The
 * server stops by itself after {@code seconds} (default 30), or at Ctrl-C.
 */
public final class HttpHelloServer {
    private static final long LISTENER = 0;

    private static final String BODY = "Hello, world!\n";
    private static final byte[] OK = response("200 OK", "", BODY);
    /** For an HTTP/1.0 client that asked to keep the connection: 1.0 closes unless told otherwise. */
    private static final byte[] OK_KEEP_ALIVE = response("200 OK", "Connection: keep-alive\r\n", BODY);
    private static final byte[] OK_CLOSE = response("200 OK", "Connection: close\r\n", BODY);
    private static final byte[] BAD_REQUEST = response("400 Bad Request", "Connection: close\r\n", "");
    private static final byte[] TOO_LARGE = response("431 Request Header Fields Too Large", "Connection: close\r\n", "");
    /** The room one answer needs in a connection's output buffer. */
    private static final int LONGEST_RESPONSE = Math.max(OK_CLOSE.length, TOO_LARGE.length);

    private final Poller poller;
    private final ServerSocketChannel server;
    private final Event acceptable = Event.readable(LISTENER);
    private final Map<Long, Connection> connections = new HashMap<>();
    private long nextKey = LISTENER + 1;
    private volatile boolean stopping;
    private long accepted;
    private long requests;

    /** One client connection. */
    private static final class Connection {
        final SocketChannel channel;
        final Event readable;
        final Event writable;
        /** Bytes received and not yet parsed, at [0, position). */
        final ByteBuffer in = ByteBuffer.allocate(8 * 1024);
        /** Answers not yet written, at [0, position). */
        final ByteBuffer out = ByteBuffer.allocateDirect(64 * 1024);
        /** Bytes of a request body still to skip before the next request starts. */
        long bodyLeft;
        /** Set by an answer that ends the connection: close once {@link #out} is written. */
        boolean closeAfterWrite;

        Connection(SocketChannel channel, long key) {
            this.channel = channel;
            this.readable = Event.readable(key);
            this.writable = Event.writable(key);
        }
    }

    private HttpHelloServer(Poller poller, ServerSocketChannel server) {
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
            server.configureBlocking(false);
            System.out.println(((InetSocketAddress) server.getLocalAddress()).getPort());
            System.out.flush();

            HttpHelloServer http = new HttpHelloServer(poller, server);
            http.stopOnShutdown(Thread.currentThread());
            http.run(runFor);
            System.out.printf("http server: backend %s, %d connections, %d requests answered%n",
                    poller.backend(), http.accepted, http.requests);
        }
    }

    /** Ctrl-C (or SIGTERM) ends the loop cleanly: set the flag, wake the poller, wait for the loop. */
    private void stopOnShutdown(Thread loopThread) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping = true;
            poller.wakeup();
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
                poller.delete(c.channel);
                c.channel.close();
            }
            connections.clear();
            poller.delete(server);
        }
    }

    private void acceptAll() throws IOException {
        SocketChannel channel;
        while ((channel = server.accept()) != null) {
            channel.configureBlocking(false);
            channel.socket().setTcpNoDelay(true); // small answers: send each at once
            long key = nextKey++;
            Connection c = new Connection(channel, key);
            connections.put(key, c);
            poller.add(channel, c.readable);
            accepted++;
        }
        poller.modify(server, acceptable);
    }

    /**
     * One step of a connection, armed for readable (nothing to write) or writable (answers
     * pending). Answers as much as the output buffer holds, writes, and repeats while the socket
     * takes everything and more requests may be waiting.
     */
    private void serve(long key, Connection c, boolean writable) {
        try {
            if (!writable && c.channel.read(c.in) < 0) {
                close(key, c); // the client is gone; a half-received request dies with it
                return;
            }
            for (;;) {
                boolean more = answer(c);
                c.out.flip();
                c.channel.write(c.out);
                c.out.compact();
                if (c.out.position() > 0) {
                    poller.modify(c.channel, c.writable); // socket full: finish the answers first
                    return;
                }
                if (c.closeAfterWrite) {
                    close(key, c);
                    return;
                }
                if (!more) {
                    break; // everything answered; the rest of a request has yet to arrive
                }
            }
            poller.modify(c.channel, c.readable);
        } catch (IOException e) { // e.g. connection reset: drop this client only
            close(key, c);
        }
    }

    /**
     * Parses complete requests from {@code c.in} into answers in {@code c.out}. Returns true if it
     * stopped because {@code c.out} is full, so more requests may be waiting once it is written.
     */
    private boolean answer(Connection c) {
        byte[] b = c.in.array();
        int start = 0;
        int end = c.in.position();
        boolean outFull = false;
        while (!c.closeAfterWrite) {
            if (c.out.remaining() < LONGEST_RESPONSE) {
                outFull = true;
                break;
            }
            if (c.bodyLeft > 0) { // skip the body of the request just answered
                int skip = (int) Math.min(c.bodyLeft, end - start);
                start += skip;
                c.bodyLeft -= skip;
                if (c.bodyLeft > 0) {
                    break;
                }
            }
            int headersEnd = indexOfBlankLine(b, start, end);
            if (headersEnd < 0) {
                if (start == 0 && end == b.length) { // a full buffer and still no end of headers
                    c.out.put(TOO_LARGE);
                    c.closeAfterWrite = true;
                }
                break;
            }
            answerOne(c, b, start, headersEnd);
            requests++;
            start = headersEnd + 4; // past "\r\n\r\n"
        }
        // Keep the unparsed rest at the front of the buffer.
        c.in.flip().position(start);
        c.in.compact();
        return outFull;
    }

    /** Answers the request whose request line and headers are {@code b[from, to)}, lines ending in CRLF. */
    private static void answerOne(Connection c, byte[] b, int from, int to) {
        int lineEnd = indexOfCrLf(b, from, to);
        boolean http10 = endsWith(b, from, lineEnd, "HTTP/1.0");
        if (!http10 && !endsWith(b, from, lineEnd, "HTTP/1.1")) {
            badRequest(c);
            return;
        }
        boolean head = startsWith(b, from, lineEnd, "HEAD ");
        boolean keepAlive = !http10; // HTTP/1.1 keeps the connection unless told otherwise
        boolean askedKeepAlive = false;
        long contentLength = 0;
        for (int line = lineEnd + 2; line < to; line = lineEnd + 2) {
            lineEnd = indexOfCrLf(b, line, to);
            int colon = indexOf(b, line, lineEnd, (byte) ':');
            if (colon < 0) {
                badRequest(c);
                return;
            }
            if (nameIs(b, line, colon, "content-length")) {
                contentLength = parseLength(b, colon + 1, lineEnd);
                if (contentLength < 0) {
                    badRequest(c);
                    return;
                }
            } else if (nameIs(b, line, colon, "transfer-encoding")) {
                badRequest(c); // chunked bodies are beyond this example
                return;
            } else if (nameIs(b, line, colon, "connection")) {
                if (containsIgnoreCase(b, colon + 1, lineEnd, "close")) {
                    keepAlive = false;
                } else if (containsIgnoreCase(b, colon + 1, lineEnd, "keep-alive")) {
                    keepAlive = true;
                    askedKeepAlive = true;
                }
            }
        }
        byte[] answer = !keepAlive ? OK_CLOSE : http10 && askedKeepAlive ? OK_KEEP_ALIVE : OK;
        // HEAD gets the same headers and no body.
        c.out.put(answer, 0, head ? answer.length - BODY.length() : answer.length);
        c.bodyLeft = contentLength;
        c.closeAfterWrite = !keepAlive;
    }

    private static void badRequest(Connection c) {
        c.out.put(BAD_REQUEST);
        c.closeAfterWrite = true;
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

    private static byte[] response(String status, String headers, String body) {
        return ("HTTP/1.1 " + status + "\r\n" + headers
                + "Content-Type: text/plain\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                .getBytes(StandardCharsets.US_ASCII);
    }

    // Small byte-level helpers: parsing with them allocates nothing per request.

    /** Where the header block in {@code b[from, to)} ends: the index of its "\r\n\r\n", or -1. */
    private static int indexOfBlankLine(byte[] b, int from, int to) {
        for (int i = from; i + 3 < to; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** The index of the next "\r\n" in {@code b[from, to)}, or {@code to} for the last line of a block. */
    private static int indexOfCrLf(byte[] b, int from, int to) {
        for (int i = from; i + 1 < to; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n') {
                return i;
            }
        }
        return to;
    }

    private static int indexOf(byte[] b, int from, int to, byte wanted) {
        for (int i = from; i < to; i++) {
            if (b[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    /** Whether the header name {@code b[from, to)} is {@code lowerName}, ignoring ASCII case. */
    private static boolean nameIs(byte[] b, int from, int to, String lowerName) {
        return to - from == lowerName.length() && regionMatches(b, from, lowerName);
    }

    private static boolean containsIgnoreCase(byte[] b, int from, int to, String lowerWord) {
        for (int i = from; i + lowerWord.length() <= to; i++) {
            if (regionMatches(b, i, lowerWord)) {
                return true;
            }
        }
        return false;
    }

    private static boolean regionMatches(byte[] b, int from, String lower) {
        for (int i = 0; i < lower.length(); i++) {
            if (Character.toLowerCase((char) b[from + i]) != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWith(byte[] b, int from, int to, String prefix) {
        if (to - from < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (b[from + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean endsWith(byte[] b, int from, int to, String suffix) {
        return to - from >= suffix.length() && startsWith(b, to - suffix.length(), to, suffix);
    }

    /** The decimal value in {@code b[from, to)} between optional spaces, or -1 if it is not one. */
    private static long parseLength(byte[] b, int from, int to) {
        while (from < to && (b[from] == ' ' || b[from] == '\t')) {
            from++;
        }
        while (to > from && (b[to - 1] == ' ' || b[to - 1] == '\t')) {
            to--;
        }
        if (from == to || to - from > 18) {
            return -1;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            if (b[i] < '0' || b[i] > '9') {
                return -1;
            }
            value = value * 10 + (b[i] - '0');
        }
        return value;
    }
}
