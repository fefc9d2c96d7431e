package dev.polling.conformance;

import java.io.IOException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.Pipe;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.polling.Backend;
import dev.polling.ClosedPollerException;
import dev.polling.Poller;
import dev.polling.spi.ChannelDescriptors;
import dev.polling.testing.MockPoller;
import dev.polling.testing.Readiness;

/**
 * The conformance suite on {@link Backend#MOCK}: every semantic check the OS backends pass, with
 * readiness supplied by firing the mock instead of by the OS.
 *
 * <p>The pollers are {@link MockPoller}s on a {@link MockPoller.Clock#REAL_TIME real-time clock}
 * (the suite measures timeouts against {@link System#nanoTime()}). The {@link FiringSourceKit}
 * still does the real I/O of {@link RealIoSourceKit}, so that what a test then reads or writes
 * behaves as it expects, but the mock never looks at it: each kit call also fires (or clears) the
 * readiness that I/O produces, on the channel and on its descriptor number (for the raw
 * descriptor tests), in every mock of the test.
 */
class MockConformanceTest extends PollerConformanceTest {
    /** The mocks of the running test (pollers are opened per test; closed ones are dropped). */
    private final List<MockPoller> mocks = new CopyOnWriteArrayList<>();

    MockConformanceTest() {
        super(Backend.MOCK);
    }

    @Override
    protected Poller openPoller() {
        mocks.removeIf(mock -> mock.poller().isClosed());
        MockPoller mock = MockPoller.builder().clock(MockPoller.Clock.REAL_TIME).create();
        mocks.add(mock);
        return mock.poller();
    }

    @Override
    protected SourceKit newSourceKit(Poller poller) {
        return new FiringSourceKit(mocks);
    }

    /** Real I/O as {@link RealIoSourceKit} does it, plus the readiness it causes, fired into the mocks. */
    static final class FiringSourceKit extends RealIoSourceKit {
        private final List<MockPoller> mocks;
        /** Each channel's other end, to fire what an operation on one end does to the other. */
        private final Map<SelectableChannel, SelectableChannel> peers = new ConcurrentHashMap<>();

        FiringSourceKit(List<MockPoller> mocks) {
            this.mocks = mocks;
        }

        @Override
        public Pipe newPipe() throws IOException {
            Pipe pipe = super.newPipe();
            pair(pipe.source(), pipe.sink());
            fire(pipe.sink(), Readiness.WRITABLE); // an empty pipe can be written at once
            return pipe;
        }

        @Override
        public SocketChannel[] newConnectedPair() throws IOException {
            SocketChannel[] pair = super.newConnectedPair();
            pair(pair[0], pair[1]);
            fire(pair[0], Readiness.WRITABLE);
            fire(pair[1], Readiness.WRITABLE);
            return pair;
        }

        @Override
        public ServerSocketChannel newListener() throws IOException {
            ServerSocketChannel listener = super.newListener();
            forget(listener);
            return listener;
        }

        @Override
        public SocketChannel startConnect(ServerSocketChannel listener) throws IOException {
            SocketChannel client = super.startConnect(listener);
            forget(client);
            awaitConnectOutcome(client); // a test may call finishConnect() once told it is writable
            fire(client, Readiness.WRITABLE);
            fire(listener, Readiness.READABLE); // a connection waits to be accepted
            return client;
        }

        @Override
        public SocketChannel startRefusedConnect() throws IOException {
            SocketChannel client = super.startRefusedConnect();
            forget(client);
            awaitConnectOutcome(client);
            fire(client, Readiness.ERROR);
            return client;
        }

        @Override
        public void makeReadable(SelectableChannel source) throws IOException {
            super.makeReadable(source);
            fire(source, Readiness.READABLE); // every arrival is a new edge
        }

        @Override
        public void drain(SelectableChannel source) throws IOException {
            super.drain(source);
            clear(source, Readiness.READABLE);
            SelectableChannel peer = peers.get(source);
            if (peer instanceof WritableByteChannel) {
                fire(peer, Readiness.WRITABLE); // room again for the writer
            }
        }

        @Override
        public void hangUp(SelectableChannel source) throws IOException {
            super.hangUp(source);
            fire(source, Readiness.HANG_UP);
        }

        @Override
        public void reset(SocketChannel socket) throws IOException {
            super.reset(socket);
            fire(socket, Readiness.ERROR);
        }

        @Override
        public void fillUntilBlocked(SelectableChannel sink) throws IOException {
            super.fillUntilBlocked(sink);
            clear(sink, Readiness.WRITABLE);
            SelectableChannel peer = peers.get(sink);
            if (peer != null) {
                fire(peer, Readiness.READABLE);
            }
        }

        private void pair(SelectableChannel one, SelectableChannel other) throws IOException {
            peers.put(one, other);
            peers.put(other, one);
            forget(one);
            forget(other);
        }

        /** A new channel may have the number of a closed one: what was fired on the number is gone. */
        private void forget(SelectableChannel fresh) throws IOException {
            int fd = descriptorNumber(fresh);
            for (MockPoller mock : mocks) {
                try {
                    mock.clear(fresh);
                    if (fd >= 0) {
                        mock.clear(fd);
                    }
                } catch (ClosedPollerException closedByTheTest) {
                    // nothing to tell a closed poller
                }
            }
        }

        private void fire(SelectableChannel channel, Readiness readiness) throws IOException {
            int fd = descriptorNumber(channel);
            for (MockPoller mock : mocks) {
                try {
                    mock.fire(channel, readiness);
                    if (fd >= 0) {
                        mock.fire(fd, readiness); // for a test that registered the raw descriptor
                    }
                } catch (ClosedPollerException closedByTheTest) {
                    // nothing to tell a closed poller
                }
            }
        }

        private void clear(SelectableChannel channel, Readiness readiness) throws IOException {
            int fd = descriptorNumber(channel);
            for (MockPoller mock : mocks) {
                try {
                    mock.clear(channel, readiness);
                    if (fd >= 0) {
                        mock.clear(fd, readiness);
                    }
                } catch (ClosedPollerException closedByTheTest) {
                    // nothing to tell a closed poller
                }
            }
        }

        private int descriptorNumber(SelectableChannel channel) throws IOException {
            return channel.isOpen() && ChannelDescriptors.isAvailable() ? descriptorOf(channel) : -1;
        }

        /** Waits (bounded) until a non-blocking connect has succeeded or failed, as the OS would report it. */
        private static void awaitConnectOutcome(SocketChannel client) throws IOException {
            try (Selector selector = Selector.open()) {
                client.register(selector, SelectionKey.OP_CONNECT);
                selector.select(ConformanceFixture.CEILING.toMillis());
            } catch (ClosedSelectorException impossible) {
                throw new IOException(impossible);
            }
        }
    }
}
