package dev.polling.app;

import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;

import dev.polling.Event;
import dev.polling.Events;
import dev.polling.Poller;

/** The README's quick start, once: prints the backend chosen and the event a connection raised. */
public final class Main {
    private Main() {
    }

    /** Prints {@code BACKEND events=N key=K}. */
    public static void main(String[] args) throws Exception {
        try (Poller poller = Poller.create();
             ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress("127.0.0.1", 0)).configureBlocking(false);
            poller.add(server, Event.readable(0));
            Events events = Events.withCapacity(16);
            try (SocketChannel client = SocketChannel.open(server.getLocalAddress())) {
                int n = poller.poll(events, Duration.ofSeconds(30));
                System.out.println(poller.backend() + " events=" + n + " key=" + (n > 0 ? events.key(0) : -1));
            }
        }
    }
}
