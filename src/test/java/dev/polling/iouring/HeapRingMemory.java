package dev.polling.iouring;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * {@link RingMemory} over a Java byte array, little-endian as the rings are: the fake kernel's
 * memory. Acquire and release are a plain access and a fence (byte-array views refuse atomic
 * access modes on recent JDKs, as a byte array's elements need not be aligned).
 */
final class HeapRingMemory implements RingMemory {
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final byte[] bytes;

    HeapRingMemory(int size) {
        bytes = new byte[size];
    }

    @Override
    public long size() {
        return bytes.length;
    }

    @Override
    public int getInt(long offset) {
        return (int) INTS.get(bytes, Math.toIntExact(offset));
    }

    @Override
    public void putInt(long offset, int value) {
        INTS.set(bytes, Math.toIntExact(offset), value);
    }

    @Override
    public long getLong(long offset) {
        return (long) LONGS.get(bytes, Math.toIntExact(offset));
    }

    @Override
    public void putLong(long offset, long value) {
        LONGS.set(bytes, Math.toIntExact(offset), value);
    }

    @Override
    public int getIntAcquire(long offset) {
        int value = getInt(offset);
        VarHandle.acquireFence();
        return value;
    }

    @Override
    public void putIntRelease(long offset, int value) {
        VarHandle.releaseFence();
        putInt(offset, value);
    }
}
