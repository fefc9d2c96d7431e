package dev.polling.spi;

import java.util.Objects;

import com.kenai.jffi.MemoryIO;

/**
 * A block of native memory with bounds-checked accessors, freed explicitly by {@link #close()}.
 *
 * <p>Backends keep their event arrays and scratch structs in these and pass {@link #address()} to
 * the OS. Every access checks its offset against the size (an out-of-range offset throws
 * {@link IndexOutOfBoundsException} instead of corrupting the heap), and any use after
 * {@link #close()} throws {@link IllegalStateException}. Not thread-safe: owned by one thread or
 * guarded by the owner's lock. Memory is zeroed when allocated.
 */
public final class NativeBuffer implements AutoCloseable {
    private static final MemoryIO IO = MemoryIO.getInstance();

    private long address;
    private final long size;

    private NativeBuffer(long address, long size) {
        this.address = address;
        this.size = size;
    }

    /**
     * Allocates {@code size} zeroed bytes.
     *
     * @throws IllegalArgumentException if {@code size} is not positive
     * @throws OutOfMemoryError         if the allocation fails
     */
    public static NativeBuffer allocate(long size) {
        if (size <= 0) {
            throw new IllegalArgumentException("native buffer size must be positive, was " + size);
        }
        long address = IO.allocateMemory(size, true);
        if (address == 0) {
            throw new OutOfMemoryError("cannot allocate " + size + " bytes of native memory");
        }
        return new NativeBuffer(address, size);
    }

    /** The start address, to pass to native calls. */
    public long address() {
        return live();
    }

    /** The size in bytes. */
    public long size() {
        return size;
    }

    /** Reads the 32-bit value at {@code offset}. */
    public int getInt(long offset) {
        return IO.getInt(at(offset, 4));
    }

    /** Writes a 32-bit value at {@code offset}. */
    public void putInt(long offset, int value) {
        IO.putInt(at(offset, 4), value);
    }

    /** Reads the 64-bit value at {@code offset} (need not be aligned). */
    public long getLong(long offset) {
        return IO.getLong(at(offset, 8));
    }

    /** Writes a 64-bit value at {@code offset} (need not be aligned). */
    public void putLong(long offset, long value) {
        IO.putLong(at(offset, 8), value);
    }

    /** Reads the 16-bit value at {@code offset}. */
    public short getShort(long offset) {
        return IO.getShort(at(offset, 2));
    }

    /** Writes a 16-bit value at {@code offset}. */
    public void putShort(long offset, short value) {
        IO.putShort(at(offset, 2), value);
    }

    /** Reads the byte at {@code offset}. */
    public byte getByte(long offset) {
        return IO.getByte(at(offset, 1));
    }

    /** Writes a byte at {@code offset}. */
    public void putByte(long offset, byte value) {
        IO.putByte(at(offset, 1), value);
    }

    /** Zeroes {@code length} bytes from {@code offset}. */
    public void clear(long offset, long length) {
        IO.setMemory(at(offset, length), length, (byte) 0);
    }

    /** Whether {@link #close()} has freed the memory. */
    public boolean isClosed() {
        return address == 0;
    }

    /** Frees the memory; later calls do nothing. */
    @Override
    public void close() {
        long a = address;
        if (a != 0) {
            address = 0;
            IO.freeMemory(a);
        }
    }

    private long at(long offset, long length) {
        Objects.checkFromIndexSize(offset, length, size);
        return live() + offset;
    }

    private long live() {
        long a = address;
        if (a == 0) {
            throw new IllegalStateException("native buffer used after close");
        }
        return a;
    }
}
