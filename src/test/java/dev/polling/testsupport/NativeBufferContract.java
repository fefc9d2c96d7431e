package dev.polling.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import dev.polling.spi.NativeBuffer;

/**
 * The contract every {@link NativeBuffer} keeps, written once: each implementation's test (JNR's,
 * the heap fake's, {@code java.lang.foreign}'s, and views' through {@link NativeBufferViewContract})
 * extends this class and says how to allocate.
 */
public abstract class NativeBufferContract {
    /** A 16-byte buffer from {@link #allocate}, fresh for each test. */
    private NativeBuffer buffer;

    /** {@code size} zeroed bytes from the implementation under test. */
    protected abstract NativeBuffer allocate(long size);

    @BeforeEach
    void setUp() {
        // Here rather than in a field initialiser, so that a subclass's own fields exist when its allocate runs.
        buffer = allocate(16);
    }

    @AfterEach
    void tearDown() {
        if (buffer != null) { // null when the implementation skipped the test
            buffer.close();
        }
    }

    @Test
    public void shouldRejectNonPositiveSize() {
        assertThrows(IllegalArgumentException.class, () -> allocate(0));
        assertThrows(IllegalArgumentException.class, () -> allocate(-8));
    }

    @Test
    public void shouldStartZeroed() {
        try (NativeBuffer big = allocate(4096)) {
            for (long offset = 0; offset < big.size(); offset += 8) {
                assertEquals(0, big.getLong(offset), "offset " + offset);
            }
        }
    }

    @Test
    public void shouldRoundTripEachWidth() {
        assertEquals(16, buffer.size());
        assertNotEquals(0, buffer.address());
        buffer.putLong(0, 0x0102_0304_0506_0708L);
        buffer.putInt(8, -5);
        buffer.putShort(12, (short) 0x7abc);
        buffer.putByte(14, (byte) -1);
        buffer.putByte(15, (byte) 9);
        assertEquals(0x0102_0304_0506_0708L, buffer.getLong(0));
        assertEquals(-5, buffer.getInt(8));
        assertEquals((short) 0x7abc, buffer.getShort(12));
        assertEquals((byte) -1, buffer.getByte(14));
        assertEquals((byte) 9, buffer.getByte(15));
    }

    @Test
    public void shouldAllowUnalignedLongs() {
        buffer.putLong(3, Long.MIN_VALUE + 7); // epoll_event's data sits at offset 4 on x86_64
        assertEquals(Long.MIN_VALUE + 7, buffer.getLong(3));
    }

    @Test
    public void shouldRoundTripAcquireAndReleaseWithThePlainAccesses() {
        buffer.putIntRelease(4, 0x7f00_00a5);
        assertEquals(0x7f00_00a5, buffer.getInt(4), "a release write is a write");
        buffer.putInt(12, -42);
        assertEquals(-42, buffer.getIntAcquire(12), "an acquire read is a read");
        buffer.putIntRelease(0, -1);
        assertEquals(-1, buffer.getIntAcquire(0));
        assertEquals(0x7f00_00a5, buffer.getIntAcquire(4), "neighbours untouched");
        assertEquals(0, buffer.getInt(8));
    }

    @Test
    public void shouldRefuseAcquireAndReleaseOutOfBounds() {
        for (Executable access : new Executable[] {
                () -> buffer.getIntAcquire(16), () -> buffer.putIntRelease(16, 1),
                () -> buffer.getIntAcquire(-4), () -> buffer.putIntRelease(-4, 1),
                () -> buffer.getIntAcquire(Long.MAX_VALUE - 3)}) {
            assertThrows(IndexOutOfBoundsException.class, access);
        }
        assertEquals(0, buffer.getIntAcquire(12)); // the last in-bounds position works
    }

    @Test
    public void shouldRefuseMisalignedAcquireAndReleaseSayingWhy() {
        buffer.putInt(1, 5); // plain accesses need no alignment
        for (long offset : new long[] {1, 2, 3, 6}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> buffer.getIntAcquire(offset));
            assertTrue(e.getMessage().contains("aligned") && e.getMessage().contains(Long.toString(offset)), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> buffer.putIntRelease(offset, 1));
        }
        assertEquals(5, buffer.getInt(1), "a refused release wrote nothing");
        assertEquals(0, buffer.getInt(8));
    }

    @Test
    public void shouldRefuseEveryAccessOutOfBounds() {
        for (Executable access : new Executable[] {
                () -> buffer.getLong(9), () -> buffer.putLong(9, 1), () -> buffer.getLong(-1),
                () -> buffer.getInt(13), () -> buffer.putInt(13, 1), () -> buffer.getInt(-4),
                () -> buffer.getShort(15), () -> buffer.putShort(15, (short) 1),
                () -> buffer.getByte(16), () -> buffer.putByte(16, (byte) 1), () -> buffer.getByte(-1),
                () -> buffer.clear(8, 9), () -> buffer.clear(-1, 2), () -> buffer.getLong(Long.MAX_VALUE)}) {
            assertThrows(IndexOutOfBoundsException.class, access);
        }
        buffer.getLong(8); // the last in-bounds positions work
        buffer.getInt(12);
        buffer.getByte(15);
    }

    @Test
    public void shouldClearOnlyTheGivenRange() {
        buffer.putLong(0, -1L);
        buffer.putLong(8, -1L);
        buffer.clear(4, 8);
        assertEquals(-1, buffer.getInt(0));
        assertEquals(0, buffer.getInt(4));
        assertEquals(0, buffer.getInt(8));
        assertEquals(-1, buffer.getInt(12));
    }

    @Test
    public void shouldRefuseUseAfterClose() {
        buffer.close();
        assertTrue(buffer.isClosed());
        for (Executable access : new Executable[] {
                buffer::address, () -> buffer.getInt(0), () -> buffer.putInt(0, 1), () -> buffer.getLong(0),
                () -> buffer.putLong(0, 1), () -> buffer.getShort(0), () -> buffer.getByte(0), () -> buffer.clear(0, 1),
                () -> buffer.getIntAcquire(0), () -> buffer.putIntRelease(0, 1)}) {
            assertThrows(IllegalStateException.class, access);
        }
        assertEquals(16, buffer.size());
    }

    @Test
    public void shouldCloseIdempotently() {
        assertFalse(buffer.isClosed());
        buffer.close();
        buffer.close();
        assertTrue(buffer.isClosed());
    }
}
