package dev.polling.selector;

import static java.nio.channels.SelectionKey.OP_READ;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.polling.spi.Interest;

class RegistrationTest {
    private final TestChannels channels = new TestChannels();
    private Selector selector;
    private Pipe pipe;
    private Registration source;

    @BeforeEach
    void open() throws IOException {
        selector = Selector.open();
        pipe = channels.pipe();
        source = new Registration(pipe.source(), 1, Interest.READABLE, true);
    }

    @AfterEach
    void close() throws IOException {
        selector.close();
        channels.close();
    }

    @Test
    void shouldAttachItselfToItsKey() throws IOException {
        source.register(selector);

        SelectionKey key = pipe.source().keyFor(selector);
        assertSame(key, source.selectionKey);
        assertSame(source, key.attachment());
        assertEquals(OP_READ, key.interestOps());
    }

    @Test
    void shouldReArmDisarmedSourceOnModify() throws IOException {
        source.register(selector);
        assertTrue(source.disarm(source.generation));
        assertEquals(OP_READ, source.selectionKey.interestOps(), "only marked until the next poll");
        source.applyDisarm();
        assertEquals(0, source.selectionKey.interestOps());

        assertTrue(source.modify(2, Interest.READABLE, true));

        assertEquals(OP_READ, source.selectionKey.interestOps());
        assertEquals(2, source.key);
    }

    @Test
    void shouldIgnoreDisarmDecidedBeforeModify() throws IOException {
        source.register(selector);
        int seen = source.generation;

        source.modify(2, Interest.READABLE, true);
        assertFalse(source.disarm(seen));
        source.applyDisarm();

        assertFalse(source.disarmed);
        assertEquals(OP_READ, source.selectionKey.interestOps());
    }

    @Test
    void shouldSkipApplyingDisarmAfterModify() throws IOException {
        source.register(selector);
        source.disarm(source.generation);

        source.modify(2, Interest.READABLE, true); // before the next poll applied the disarm
        source.applyDisarm();

        assertFalse(source.disarmed);
        assertEquals(OP_READ, source.selectionKey.interestOps());
    }

    @Test
    void shouldForgetDisarmOnDeleteAndAddAgain() throws IOException {
        source.register(selector);
        source.disarm(source.generation);

        source.delete();
        source.scheduleRegister(2, Interest.READABLE, true);
        selector.selectNow();
        source.registerAgain(selector);
        source.applyDisarm();

        assertFalse(source.disarmed);
        assertEquals(OP_READ, source.selectionKey.interestOps());
    }

    @Test
    void shouldRefuseModifyAndSecondDeleteAfterDelete() throws IOException {
        source.register(selector);
        SelectionKey key = source.selectionKey;

        assertTrue(source.delete());

        assertFalse(key.isValid());
        assertNull(source.selectionKey);
        assertFalse(source.modify(2, Interest.READABLE, true));
        assertFalse(source.delete());
    }

    @Test
    void shouldScheduleRegisterOnlyWhenDeleted() throws IOException {
        source.register(selector);
        assertFalse(source.scheduleRegister(2, Interest.READABLE, true));

        source.delete();

        assertTrue(source.scheduleRegister(2, Interest.READABLE, false));
        assertFalse(source.scheduleRegister(3, Interest.READABLE, false));
        assertTrue(source.modify(4, Interest.READABLE, true), "a source waiting to be registered can be modified");
        assertEquals(4, source.key);
    }

    @Test
    void shouldRegisterAgainOnlyOnceSelectorDroppedCancelledKey() throws IOException {
        source.register(selector);
        source.delete();
        source.scheduleRegister(2, Interest.READABLE, true);

        assertFalse(source.registerAgain(selector), "the cancelled key is still in the selector");
        selector.selectNow();
        assertTrue(source.registerAgain(selector));

        assertNotNull(source.selectionKey);
        assertTrue(source.selectionKey.isValid());
        assertSame(source, source.selectionKey.attachment());
        assertEquals(OP_READ, source.selectionKey.interestOps());
    }

    @Test
    void shouldDropSourceClosedWhileWaitingToBeRegistered() throws IOException {
        source.register(selector);
        source.delete();
        source.scheduleRegister(2, Interest.READABLE, true);
        pipe.source().close();
        selector.selectNow();

        assertTrue(source.registerAgain(selector));

        assertNull(source.selectionKey);
        assertFalse(source.delete(), "nothing left to delete");
    }

    @Test
    void shouldSkipRegisterAgainWhenDeletedMeanwhile() throws IOException {
        source.register(selector);
        source.delete();
        source.scheduleRegister(2, Interest.READABLE, true);
        source.delete();
        selector.selectNow();

        assertTrue(source.registerAgain(selector));

        assertNull(pipe.source().keyFor(selector));
    }
}
