package dev.polling.selector;

import static java.nio.channels.SelectionKey.OP_ACCEPT;
import static java.nio.channels.SelectionKey.OP_CONNECT;
import static java.nio.channels.SelectionKey.OP_READ;
import static java.nio.channels.SelectionKey.OP_WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Pipe;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

import org.junit.jupiter.api.Test;

import dev.polling.spi.Interest;

class InterestOpsTest {
    @Test
    void shouldAskSocketForReadAndForWriteWithConnect() throws IOException {
        try (SocketChannel socket = SocketChannel.open()) {
            assertEquals(OP_READ, InterestOps.toOps(socket, Interest.READABLE));
            assertEquals(OP_WRITE | OP_CONNECT, InterestOps.toOps(socket, Interest.WRITABLE));
            assertEquals(OP_READ | OP_WRITE | OP_CONNECT, InterestOps.toOps(socket, Interest.BOTH));
            assertEquals(0, InterestOps.toOps(socket, Interest.NONE));
        }
    }

    @Test
    void shouldAskListenerForAcceptAndNothingForWritable() throws IOException {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            assertEquals(OP_ACCEPT, InterestOps.toOps(server, Interest.READABLE));
            assertEquals(0, InterestOps.toOps(server, Interest.WRITABLE));
            assertEquals(OP_ACCEPT, InterestOps.toOps(server, Interest.BOTH));
        }
    }

    @Test
    void shouldMaskPipeEndsByWhatTheyCanDo() throws IOException {
        Pipe pipe = Pipe.open();
        try (Pipe.SourceChannel source = pipe.source(); Pipe.SinkChannel sink = pipe.sink()) {
            assertEquals(OP_READ, InterestOps.toOps(source, Interest.BOTH));
            assertEquals(0, InterestOps.toOps(source, Interest.WRITABLE));
            assertEquals(OP_WRITE, InterestOps.toOps(sink, Interest.BOTH));
            assertEquals(0, InterestOps.toOps(sink, Interest.READABLE));
        }
    }

    @Test
    void shouldAskDatagramChannelForReadAndWriteOnly() throws IOException {
        try (DatagramChannel datagram = DatagramChannel.open()) {
            assertEquals(OP_READ | OP_WRITE, InterestOps.toOps(datagram, Interest.BOTH));
        }
    }

    @Test
    void shouldTranslateReadyOpsToReadiness() {
        assertEquals(Interest.NONE, InterestOps.readiness(0));
        assertEquals(Interest.READABLE, InterestOps.readiness(OP_READ));
        assertEquals(Interest.READABLE, InterestOps.readiness(OP_ACCEPT));
        assertEquals(Interest.WRITABLE, InterestOps.readiness(OP_WRITE));
        assertEquals(Interest.WRITABLE, InterestOps.readiness(OP_CONNECT));
        assertEquals(Interest.BOTH, InterestOps.readiness(OP_READ | OP_CONNECT));
        assertEquals(Interest.BOTH, InterestOps.readiness(OP_READ | OP_WRITE | OP_CONNECT));
    }
}
