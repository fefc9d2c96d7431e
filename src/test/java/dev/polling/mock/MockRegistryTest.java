package dev.polling.mock;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.Pipe;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.polling.PollMode;
import dev.polling.spi.ChannelDescriptors;
import dev.polling.spi.Interest;

class MockRegistryTest {
    private final MockRegistry registry = new MockRegistry();
    private final Pipe pipe;

    MockRegistryTest() throws IOException {
        pipe = Pipe.open();
        pipe.source().configureBlocking(false);
    }

    @AfterEach
    void closePipe() throws IOException {
        pipe.source().close();
        pipe.sink().close();
    }

    @Test
    void shouldRefuseASourceRegisteredTwice() throws IOException {
        registry.toAdd(pipe.source()).register(1, Interest.READABLE, PollMode.ONESHOT);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> registry.toAdd(pipe.source()));
        assertTrue(e.getMessage().contains("already registered"), e.getMessage());

        registry.toAdd(4).register(1, Interest.READABLE, PollMode.ONESHOT);
        assertThrows(IllegalStateException.class, () -> registry.toAdd(4));
    }

    @Test
    void shouldRefuseModifyingOrDeletingWhatIsNotRegistered() {
        assertThrows(IllegalStateException.class, () -> registry.toModify(pipe.source()));
        assertThrows(IllegalStateException.class, () -> registry.toDelete(pipe.source()));
        assertThrows(IllegalStateException.class, () -> registry.registeredDescriptor(4));
        assertThrows(IllegalArgumentException.class, () -> registry.registeredDescriptor(-1));
    }

    @Test
    void shouldRefuseClosedChannelsButDeleteThem() throws IOException {
        MockSource source = registry.toAdd(pipe.source());
        source.register(1, Interest.READABLE, PollMode.ONESHOT);
        pipe.source().close();

        assertThrows(ClosedChannelException.class, () -> registry.toModify(pipe.source()));
        assertSame(source, registry.toDelete(pipe.source()));
        source.deregister();
        assertThrows(ClosedChannelException.class, () -> registry.toAdd(pipe.source()));
    }

    @Test
    void shouldCountAChannelAndItsDescriptorAsOneSource() throws IOException {
        assumeTrue(ChannelDescriptors.isAvailable(), ChannelDescriptors.unavailableReason());
        int fd = ChannelDescriptors.descriptorOf(pipe.source());
        registry.toAdd(pipe.source()).register(1, Interest.READABLE, PollMode.ONESHOT);
        assertThrows(IllegalStateException.class, () -> registry.toAdd(fd));

        registry.toDelete(pipe.source()).deregister();
        registry.toAdd(fd).register(2, Interest.READABLE, PollMode.ONESHOT);
        assertThrows(IllegalStateException.class, () -> registry.toAdd(pipe.source()));
    }

    @Test
    void shouldFreeTheDescriptorNumberOfAClosedChannel() throws IOException {
        assumeTrue(ChannelDescriptors.isAvailable(), ChannelDescriptors.unavailableReason());
        int fd = ChannelDescriptors.descriptorOf(pipe.source());
        registry.toAdd(pipe.source()).register(1, Interest.READABLE, PollMode.ONESHOT);
        pipe.source().close();

        registry.toAdd(fd).register(2, Interest.READABLE, PollMode.ONESHOT); // the number may belong to a new file
    }

    @Test
    void shouldFindTheOneSourceWithAKey() throws IOException {
        MockSource source = registry.toAdd(7);
        source.register(70, Interest.READABLE, PollMode.ONESHOT);
        assertSame(source, registry.registeredWithKey(70));
        assertThrows(IllegalStateException.class, () -> registry.registeredWithKey(71));
        registry.toAdd(pipe.source()).register(70, Interest.READABLE, PollMode.ONESHOT);
        assertThrows(IllegalStateException.class, () -> registry.registeredWithKey(70));
    }
}
