package dev.polling.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.AbstractSelectableChannel;
import java.nio.channels.spi.SelectorProvider;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** Runs with the surefire argLine's {@code --add-exports java.base/sun.nio.ch=ALL-UNNAMED}. */
class ChannelDescriptorsTest {

    @Test
    void shouldBeAvailableWithTheExportFlag() {
        assertTrue(ChannelDescriptors.isAvailable(), ChannelDescriptors::unavailableReason);
        assertNull(ChannelDescriptors.unavailableReason());
        assertEquals("--add-exports java.base/sun.nio.ch=ALL-UNNAMED", ChannelDescriptors.REQUIRED_FLAG);
    }

    @Test
    void shouldReadDistinctDescriptorsOfPipeEnds() throws IOException {
        Pipe pipe = Pipe.open();
        try {
            int source = ChannelDescriptors.descriptorOf(pipe.source());
            int sink = ChannelDescriptors.descriptorOf(pipe.sink());
            assertTrue(source >= 0 && sink >= 0);
            assertNotEquals(source, sink);
        } finally {
            pipe.source().close();
            pipe.sink().close();
        }
    }

    @Test
    void shouldReadTheDescriptorTheOsHasOpen() throws IOException {
        Path fds = Path.of("/proc/self/fd");
        assumeTrue(Files.isDirectory(fds), "checking against the OS needs Linux's /proc/self/fd");
        try (SocketChannel socket = SocketChannel.open()) {
            int fd = ChannelDescriptors.descriptorOf(socket);
            assertTrue(Files.readSymbolicLink(fds.resolve(String.valueOf(fd))).toString().startsWith("socket:"));
        }
    }

    @Test
    void shouldRefuseClosedChannel() throws IOException {
        Pipe pipe = Pipe.open();
        pipe.source().close();
        pipe.sink().close();
        assertThrows(ClosedChannelException.class, () -> ChannelDescriptors.descriptorOf(pipe.source()));
    }

    @Test
    void shouldRefuseChannelWithoutOsDescriptor() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ChannelDescriptors.descriptorOf(new ForeignChannel()));
        assertTrue(e.getMessage().contains("ForeignChannel"), e.getMessage());
    }

    /** A channel from outside the JDK's own implementations. */
    private static final class ForeignChannel extends AbstractSelectableChannel {
        ForeignChannel() {
            super(SelectorProvider.provider());
        }

        @Override
        protected void implCloseSelectableChannel() {
        }

        @Override
        protected void implConfigureBlocking(boolean block) {
        }

        @Override
        public int validOps() {
            return SelectionKey.OP_READ;
        }
    }
}
