package dev.polling.selector;

import static java.nio.channels.SelectionKey.OP_READ;
import static java.nio.channels.SelectionKey.OP_WRITE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;

import org.junit.jupiter.api.Test;
import org.mockito.MockMakers;

import dev.polling.spi.Interest;

class ReadyBatchTest {
    private final PendingDisarms disarms = new PendingDisarms();
    private final ReadyBatch batch = new ReadyBatch(disarms);

    @Test
    void shouldMergeSecondCallbackForSameKeyIntoOneEvent() {
        Registration source = registered(1, Interest.BOTH, false);
        when(source.selectionKey.readyOps()).thenReturn(OP_READ, OP_WRITE); // kqueue: one callback per filter

        batch.begin();
        batch.offer(source.selectionKey);
        batch.offer(source.selectionKey);

        long[] keys = new long[4];
        int[] readiness = new int[4];
        assertEquals(1, batch.drainTo(keys, readiness));
        assertEquals(1, keys[0]);
        assertEquals(Interest.BOTH, readiness[0]);
    }

    @Test
    void shouldMaskReadinessByInterestAndDropEmptyEvents() {
        Registration source = registered(1, Interest.READABLE, false);
        when(source.selectionKey.readyOps()).thenReturn(OP_WRITE);

        batch.begin();
        batch.offer(source.selectionKey);

        assertEquals(0, batch.size());
    }

    @Test
    void shouldDropKeyDeletedDuringSelection() {
        Registration deleted = registered(1, Interest.READABLE, true);
        SelectionKey cancelled = deleted.selectionKey;
        when(cancelled.readyOps()).thenReturn(OP_READ);
        deleted.delete();
        Registration racing = registered(2, Interest.READABLE, true);
        when(racing.selectionKey.readyOps()).thenThrow(new CancelledKeyException());

        batch.begin();
        batch.offer(cancelled);
        batch.offer(racing.selectionKey);

        assertEquals(0, batch.size());
    }

    @Test
    void shouldDisarmOnlyOneshotSourcesWhoseEventsWereHandedOut() {
        Registration first = readyOneshot(1);
        Registration second = readyOneshot(2);
        Registration third = readyOneshot(3);
        Registration level = registered(4, Interest.READABLE, false);
        when(level.selectionKey.readyOps()).thenReturn(OP_READ);

        batch.begin();
        batch.offer(level.selectionKey);
        batch.offer(first.selectionKey);
        batch.offer(second.selectionKey);
        batch.offer(third.selectionKey);
        assertEquals(3, batch.drainTo(new long[3], new int[3]));
        assertEquals(2, disarms.size());
        disarms.applyAll(); // the next poll, before it selects

        verify(level.selectionKey, never()).interestOps(anyInt());
        verify(first.selectionKey).interestOps(0);
        verify(second.selectionKey).interestOps(0);
        verify(third.selectionKey, never()).interestOps(anyInt()); // did not fit: stays armed
        assertFalse(third.disarmed);
    }

    @Test
    void shouldNotTouchKeyWhenReArmedWithSameInterestBeforeNextPoll() {
        Registration source = readyOneshot(1);
        when(source.selectionKey.interestOps()).thenReturn(OP_READ); // as registered

        batch.begin();
        batch.offer(source.selectionKey);
        assertEquals(1, batch.drainTo(new long[1], new int[1]));
        verify(source.selectionKey, never()).interestOps(anyInt()); // the disarm is only marked

        source.modify(1, Interest.READABLE, true); // the event loop re-arms at once
        disarms.applyAll();

        verify(source.selectionKey, never()).interestOps(anyInt());
        assertFalse(source.disarmed);
    }

    @Test
    void shouldChangeKeyWhenReArmedWithOtherInterestBeforeNextPoll() {
        Registration source = readyOneshot(1);
        when(source.selectionKey.interestOps()).thenReturn(OP_READ);

        batch.begin();
        batch.offer(source.selectionKey);
        batch.drainTo(new long[1], new int[1]);
        source.modify(1, Interest.BOTH, true);
        disarms.applyAll();

        verify(source.selectionKey).interestOps(OP_READ | OP_WRITE);
        verify(source.selectionKey, never()).interestOps(0);
    }

    @Test
    void shouldNeverGatherSecondEventOfDisarmedSource() {
        Registration source = readyOneshot(1);
        batch.begin();
        batch.offer(source.selectionKey);
        batch.drainTo(new long[1], new int[1]);

        batch.begin();
        batch.offer(source.selectionKey); // reported by a selection before the disarm reached the key

        assertEquals(0, batch.size());
    }

    @Test
    void shouldNotDisarmSourceModifiedAfterItsEventWasGathered() {
        Registration source = readyOneshot(1);

        batch.begin();
        batch.offer(source.selectionKey);
        source.modify(2, Interest.READABLE, true); // another thread re-arms before the poll hands out
        assertEquals(1, batch.drainTo(new long[1], new int[1]));
        disarms.applyAll();

        assertEquals(0, disarms.size());
        assertFalse(source.disarmed);
        verify(source.selectionKey, never()).interestOps(0);
    }

    @Test
    void shouldRotateWhenMoreSourcesAreReadyThanFit() {
        Registration[] sources = {levelReady(0), levelReady(1), levelReady(2)};
        long[] handedOut = new long[4];
        long[] key = new long[1];

        for (int poll = 0; poll < handedOut.length; poll++) {
            batch.begin();
            for (Registration source : sources) {
                batch.offer(source.selectionKey); // the JDK reports ready keys in a stable order
            }
            assertEquals(1, batch.drainTo(key, new int[1]));
            handedOut[poll] = key[0];
        }

        assertArrayEquals(new long[] {0, 1, 2, 0}, handedOut);
    }

    @Test
    void shouldStartFromTheFrontWhenEverythingFits() {
        Registration[] sources = {levelReady(0), levelReady(1), levelReady(2)};
        long[] keys = new long[3];
        batch.begin();
        for (Registration source : sources) {
            batch.offer(source.selectionKey);
        }
        batch.drainTo(new long[1], new int[1]); // overflowed: the next one would rotate

        batch.begin();
        for (Registration source : sources) {
            batch.offer(source.selectionKey);
        }
        assertEquals(3, batch.drainTo(keys, new int[3]));

        assertArrayEquals(new long[] {0, 1, 2}, keys);
    }

    @Test
    void shouldGrowPastItsInitialSize() {
        int n = 100;
        batch.begin();
        for (int i = 0; i < n; i++) {
            batch.offer(levelReady(i).selectionKey);
        }
        long[] keys = new long[n];
        assertEquals(n, batch.drainTo(keys, new int[n]));
        for (int i = 0; i < n; i++) {
            assertEquals(i, keys[i]);
        }
    }

    @Test
    void shouldForgetEventsOfSelectionThatNeverDrained() {
        batch.begin();
        batch.offer(levelReady(1).selectionKey); // then the selection threw

        batch.begin();

        assertEquals(0, batch.size());
        assertEquals(0, batch.drainTo(new long[1], new int[1]));
    }

    private static Registration readyOneshot(long key) {
        Registration source = registered(key, Interest.READABLE, true);
        when(source.selectionKey.readyOps()).thenReturn(OP_READ);
        return source;
    }

    private static Registration levelReady(long key) {
        Registration source = registered(key, Interest.READABLE, false);
        when(source.selectionKey.readyOps()).thenReturn(OP_READ);
        return source;
    }

    private static Registration registered(long key, int interest, boolean oneshot) {
        // A subclass mock: the default inline mock maker would rewrite the JDK's channel classes for
        // the rest of this JVM, and later allocation tests through real channels would measure it.
        SelectableChannel channel = mock(SelectableChannel.class, withSettings().mockMaker(MockMakers.SUBCLASS));
        when(channel.validOps()).thenReturn(OP_READ | OP_WRITE);
        Registration source = new Registration(channel, key, interest, oneshot);
        SelectionKey selectionKey = mock(SelectionKey.class); // attachment() is final: needs the inline maker
        when(selectionKey.attachment()).thenReturn(source);
        source.selectionKey = selectionKey;
        return source;
    }
}
