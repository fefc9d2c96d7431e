package dev.polling.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.polling.testsupport.HeapBuffer;

class PollFdArrayTest {
    private final PollFdArray array = new PollFdArray(HeapBuffer::allocate, 4);

    @AfterEach
    void free() {
        array.close();
    }

    @Test
    void shouldStartWithEveryEntryIgnored() {
        for (int i = 0; i < 4; i++) {
            assertEquals(-1, array.buffer().getInt(i * 8L));
            assertEquals(0, array.buffer().getShort(i * 8L + 4));
        }
    }

    @Test
    void shouldWriteStructPollfdLayout() {
        array.buffer().putShort(2 * 8L + 6, (short) 0x7);
        array.set(2, 42, (short) 0x5);
        long entry = 2 * 8L;
        assertEquals(42, array.buffer().getInt(entry));
        assertEquals(0x5, array.buffer().getShort(entry + 4));
        assertEquals(0, array.buffer().getShort(entry + 6), "set() clears a stale revents");
        assertEquals(42, array.fd(2));
        assertEquals(0x5, array.events(2));
    }

    @Test
    void shouldReadReventsUnsigned() {
        array.buffer().putShort(8L + 6, (short) 0x8000);
        assertEquals(0x8000, array.revents(1));
    }

    @Test
    void shouldIgnoreAnEntry() {
        array.set(1, 7, (short) 1);
        array.ignore(1);
        assertEquals(PollFdArray.IGNORED, array.fd(1));
        assertEquals(0, array.events(1));
    }

    @Test
    void shouldKeepEntriesWhenGrowing() {
        array.set(0, 3, (short) 1);
        array.set(3, 9, (short) 4);
        array.ensureCapacity(5);
        assertEquals(8, array.capacity());
        assertEquals(3, array.fd(0));
        assertEquals(9, array.fd(3));
        assertEquals(4, array.events(3));
        assertEquals(PollFdArray.IGNORED, array.fd(7));
    }

    @Test
    void shouldRejectAccessOutsideTheArray() {
        assertThrows(IndexOutOfBoundsException.class, () -> array.set(4, 1, (short) 1));
    }

    @Test
    void shouldRefuseUseAfterClose() {
        array.close();
        assertThrows(IllegalStateException.class, () -> array.buffer().address());
    }
}
