package dev.polling.testsupport;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

import dev.polling.spi.NativeBuffer;

/**
 * A {@link NativeBuffer} on a Java array, for fake kernels and struct-layout tests: it keeps the
 * whole contract (zeroed, bounds-checked, native byte order, unusable after close) but no native
 * code ever sees it. {@link #address()} is a made-up, unique, never-zero number that only
 * identifies the buffer (a struct that stores a pointer stores it). A {@link #view()} shares the
 * bytes, as a view of a kernel mapping does, with a closed state of its own.
 */
public final class HeapBuffer extends NativeBuffer {
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.nativeOrder());
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.nativeOrder());
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final AtomicLong NEXT_ADDRESS = new AtomicLong(0x1000_0000L);

    private final byte[] bytes;
    private final long address;
    private boolean closed;

    private HeapBuffer(int size) {
        this(new byte[size], NEXT_ADDRESS.getAndAdd(((size + 15L) & ~15L) + 16));
    }

    private HeapBuffer(byte[] bytes, long address) {
        this.bytes = bytes;
        this.address = address;
    }

    /**
     * {@code size} zeroed bytes.
     *
     * @throws IllegalArgumentException if {@code size} is not positive
     */
    public static HeapBuffer allocate(long size) {
        return new HeapBuffer(Math.toIntExact(requirePositiveSize(size)));
    }

    /**
     * A view of this buffer's bytes at the same address, as {@code IoUringOs.memory} gives of a
     * mapping: it sees every write to this buffer and this buffer sees its writes; closing it
     * leaves this buffer usable, and closing this buffer leaves it usable.
     */
    public HeapBuffer view() {
        return new HeapBuffer(bytes, address);
    }

    @Override
    public long address() {
        live();
        return address;
    }

    @Override
    public long size() {
        return bytes.length;
    }

    @Override
    public int getInt(long offset) {
        return (int) INT.get(bytes, at(offset, 4));
    }

    @Override
    public void putInt(long offset, int value) {
        INT.set(bytes, at(offset, 4), value);
    }

    @Override
    public long getLong(long offset) {
        return (long) LONG.get(bytes, at(offset, 8));
    }

    @Override
    public void putLong(long offset, long value) {
        LONG.set(bytes, at(offset, 8), value);
    }

    @Override
    public short getShort(long offset) {
        return (short) SHORT.get(bytes, at(offset, 2));
    }

    @Override
    public void putShort(long offset, short value) {
        SHORT.set(bytes, at(offset, 2), value);
    }

    @Override
    public byte getByte(long offset) {
        return bytes[at(offset, 1)];
    }

    @Override
    public void putByte(long offset, byte value) {
        bytes[at(offset, 1)] = value;
    }

    @Override
    public void clear(long offset, long length) {
        int from = at(offset, length);
        Arrays.fill(bytes, from, from + (int) length, (byte) 0);
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
    }

    private int at(long offset, long length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        live();
        return (int) offset;
    }

    private void live() {
        if (closed) {
            throw new IllegalStateException("native buffer used after close");
        }
    }
}
