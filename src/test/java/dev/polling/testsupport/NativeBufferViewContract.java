package dev.polling.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.polling.spi.NativeBuffer;

/**
 * The contract of a view of memory the library does not own (what {@code IoUringOs.memory} returns
 * for a kernel mapping), written once for every binding: a view keeps the whole
 * {@link NativeBufferContract} (each buffer that contract allocates is a view over a fresh buffer
 * of the same binding, standing in for the mapping), sees the owner's writes and the owner sees
 * its own, and closing it frees nothing but refuses every later access.
 */
public abstract class NativeBufferViewContract extends NativeBufferContract {
    /** The buffers the views look at, closed after each test (closing a view touches no memory, so the order is free). */
    private final List<NativeBuffer> owners = new ArrayList<>();

    /** {@code size} zeroed bytes of the binding under test, the memory a view looks at. */
    protected abstract NativeBuffer allocateOwner(long size);

    /** A view of {@code size} bytes at {@code address}, from the binding under test. */
    protected abstract NativeBuffer view(long address, long size);

    @Override
    protected final NativeBuffer allocate(long size) {
        NativeBuffer owner = allocateOwner(size);
        owners.add(owner);
        return view(owner.address(), size);
    }

    @AfterEach
    void closeOwners() {
        owners.forEach(NativeBuffer::close);
    }

    @Test
    public void shouldSeeTheOwnersWritesAndShowItsOwn() {
        NativeBuffer owner = allocateOwner(64);
        owners.add(owner);
        try (NativeBuffer view = view(owner.address() + 8, 32)) {
            owner.putLong(8, 0x1122_3344_5566_7788L);
            assertEquals(0x1122_3344_5566_7788L, view.getLong(0), "the view starts where it was asked to");
            view.putIntRelease(28, -7);
            assertEquals(-7, owner.getIntAcquire(36), "the owner sees the view's write");
            assertEquals(owner.address() + 8, view.address());
            assertEquals(32, view.size());
            assertThrows(IndexOutOfBoundsException.class, () -> view.getInt(32), "bounded by its own size, not the owner's");
        }
    }

    @Test
    public void shouldLeaveTheOwnerUsableWhenClosed() {
        NativeBuffer owner = allocateOwner(16);
        owners.add(owner);
        NativeBuffer view = view(owner.address(), 16);
        view.putLong(0, 99);
        view.close();
        assertTrue(view.isClosed());
        assertThrows(IllegalStateException.class, () -> view.getLong(0), "a closed view refuses access");
        assertThrows(IllegalStateException.class, () -> view.getIntAcquire(0));
        assertFalse(owner.isClosed());
        assertEquals(99, owner.getLong(0), "closing the view freed nothing");
        owner.putLong(8, 5);
        assertEquals(5, owner.getLong(8));
    }

    @Test
    public void shouldRefuseAViewOfNothingNamingTheValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> view(0, 16));
        assertTrue(e.getMessage().contains("0x0") && e.getMessage().contains("16"), e.getMessage());
        NativeBuffer owner = allocateOwner(16);
        owners.add(owner);
        for (long size : new long[] {0, -16}) {
            e = assertThrows(IllegalArgumentException.class, () -> view(owner.address(), size));
            assertTrue(e.getMessage().contains(Long.toString(size)) && e.getMessage().contains(Long.toHexString(owner.address())),
                    e.getMessage());
        }
    }
}
