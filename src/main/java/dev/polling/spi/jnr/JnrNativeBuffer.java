package dev.polling.spi.jnr;

import java.util.Objects;

import com.kenai.jffi.MemoryIO;

import dev.polling.spi.NativeBuffer;

/** {@link NativeBuffer} on jffi's {@link MemoryIO}: {@code malloc}ed memory, zeroed, freed by {@link #close()}. */
public final class JnrNativeBuffer extends NativeBuffer {
    private static final MemoryIO IO = MemoryIO.getInstance();

    private long address;
    private final long size;

    private JnrNativeBuffer(long address, long size) {
        this.address = address;
        this.size = size;
    }

    /**
     * Allocates {@code size} zeroed bytes.
     *
     * @throws IllegalArgumentException if {@code size} is not positive
     * @throws OutOfMemoryError         if the allocation fails
     */
    public static JnrNativeBuffer allocate(long size) {
        long address = IO.allocateMemory(requirePositiveSize(size), true);
        if (address == 0) {
            throw new OutOfMemoryError("cannot allocate " + size + " bytes of native memory");
        }
        return new JnrNativeBuffer(address, size);
    }

    @Override
    public long address() {
        return live();
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public int getInt(long offset) {
        return IO.getInt(at(offset, 4));
    }

    @Override
    public void putInt(long offset, int value) {
        IO.putInt(at(offset, 4), value);
    }

    @Override
    public long getLong(long offset) {
        return IO.getLong(at(offset, 8));
    }

    @Override
    public void putLong(long offset, long value) {
        IO.putLong(at(offset, 8), value);
    }

    @Override
    public short getShort(long offset) {
        return IO.getShort(at(offset, 2));
    }

    @Override
    public void putShort(long offset, short value) {
        IO.putShort(at(offset, 2), value);
    }

    @Override
    public byte getByte(long offset) {
        return IO.getByte(at(offset, 1));
    }

    @Override
    public void putByte(long offset, byte value) {
        IO.putByte(at(offset, 1), value);
    }

    @Override
    public void clear(long offset, long length) {
        IO.setMemory(at(offset, length), length, (byte) 0);
    }

    @Override
    public boolean isClosed() {
        return address == 0;
    }

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
