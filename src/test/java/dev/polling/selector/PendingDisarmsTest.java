package dev.polling.selector;

import static java.nio.channels.SelectionKey.OP_READ;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.channels.Selector;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.polling.spi.Interest;

class PendingDisarmsTest {
    private final TestChannels channels = new TestChannels();
    private final PendingDisarms disarms = new PendingDisarms();
    private Selector selector;

    @BeforeEach
    void open() throws IOException {
        selector = Selector.open();
    }

    @AfterEach
    void close() throws IOException {
        selector.close();
        channels.close();
    }

    @Test
    void shouldApplyOnlyDisarmsNotUndoneByModify() throws IOException {
        Registration disarmed = handedOut(1);
        Registration reArmed = handedOut(2);
        reArmed.modify(2, Interest.READABLE, true);

        disarms.applyAll();

        assertEquals(0, disarmed.selectionKey.interestOps());
        assertEquals(OP_READ, reArmed.selectionKey.interestOps());
        assertEquals(0, disarms.size());
    }

    @Test
    void shouldSkipSourceDeletedOrClosedMeanwhile() throws IOException {
        Registration deleted = handedOut(1);
        deleted.delete();
        Registration closed = handedOut(2);
        closed.channel.close(); // cancels the key: interestOps(0) would throw

        disarms.applyAll();

        assertEquals(0, disarms.size());
    }

    @Test
    void shouldGrowAndForgetOnClear() throws IOException {
        Registration[] sources = new Registration[40];
        for (int i = 0; i < sources.length; i++) {
            sources[i] = handedOut(i);
        }
        assertEquals(sources.length, disarms.size());

        disarms.clear();
        disarms.applyAll();

        assertEquals(0, disarms.size());
        for (Registration source : sources) {
            assertEquals(OP_READ, source.selectionKey.interestOps(), "cleared: never applied");
        }
    }

    /** A registered oneshot source whose event was just handed out, queued as the batch does. */
    private Registration handedOut(long key) throws IOException {
        Registration source = new Registration(channels.pipe().source(), key, Interest.READABLE, true);
        source.register(selector);
        if (source.disarm(source.generation)) {
            disarms.add(source);
        }
        return source;
    }
}
