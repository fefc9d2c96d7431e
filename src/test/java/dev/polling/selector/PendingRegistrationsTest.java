package dev.polling.selector;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.Selector;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.polling.spi.Interest;

class PendingRegistrationsTest {
    private final TestChannels channels = new TestChannels();
    private final PendingRegistrations pending = new PendingRegistrations();
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
    void shouldBeEmptyUntilSomethingIsQueued() throws IOException {
        assertTrue(pending.isEmpty());

        pending.add(deletedAndScheduled());

        assertFalse(pending.isEmpty());
    }

    @Test
    void shouldKeepSourcesTheSelectorStillRefuses() throws IOException {
        Registration source = deletedAndScheduled();
        pending.add(source);

        pending.registerAll(selector); // no selection yet: the cancelled key is still there

        assertFalse(pending.isEmpty());
        assertNull(source.selectionKey);

        selector.selectNow();
        pending.registerAll(selector);

        assertTrue(pending.isEmpty());
        assertNotNull(source.selectionKey);
        assertTrue(source.selectionKey.isValid());
    }

    @Test
    void shouldForgetEverythingOnClear() throws IOException {
        pending.add(deletedAndScheduled());

        pending.clear();

        assertTrue(pending.isEmpty());
    }

    private Registration deletedAndScheduled() throws IOException {
        Registration source = new Registration(channels.pipe().source(), 1, Interest.READABLE, true);
        source.register(selector);
        source.delete();
        source.scheduleRegister(2, Interest.READABLE, true);
        return source;
    }
}
