package dev.polling.iouring.ffm;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

import dev.polling.iouring.RingMemory;

/**
 * {@link RingMemory} over a mapping, as a {@link MemorySegment} of its length: bounds are the
 * segment's, and the ring indices are read and written with the layout's var handle in acquire
 * and release mode, which the JIT compiles to the same instructions as the kernel's
 * {@code smp_load_acquire}/{@code smp_store_release} pairing needs on x86_64 and aarch64
 * ({@code ldar}/{@code stlr} there). The mapping stays valid until the ring's {@code munmap},
 * which the backend makes after its last access.
 */
final class FfmRingMemory implements RingMemory {
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withByteAlignment(4);
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;
    /** Coordinates: the segment and the byte offset. */
    private static final VarHandle INDEX = ValueLayout.JAVA_INT.varHandle();

    private final MemorySegment segment;

    @SuppressWarnings("restricted") // a mapping the kernel made for this ring, of exactly this length
    FfmRingMemory(long address, long length) {
        if (address == 0 || length <= 0) {
            throw new IllegalArgumentException("no memory at " + address + " (" + length + " bytes)");
        }
        this.segment = MemorySegment.ofAddress(address).reinterpret(length);
    }

    @Override
    public long size() {
        return segment.byteSize();
    }

    @Override
    public int getInt(long offset) {
        return segment.get(INT, offset);
    }

    @Override
    public void putInt(long offset, int value) {
        segment.set(INT, offset, value);
    }

    @Override
    public long getLong(long offset) {
        return segment.get(LONG, offset);
    }

    @Override
    public void putLong(long offset, long value) {
        segment.set(LONG, offset, value);
    }

    @Override
    public int getIntAcquire(long offset) {
        return (int) INDEX.getAcquire(segment, offset);
    }

    @Override
    public void putIntRelease(long offset, int value) {
        INDEX.setRelease(segment, offset, value);
    }

    @Override
    public String toString() {
        return "RingMemory[0x" + Long.toHexString(segment.address()) + ", " + segment.byteSize() + " bytes]";
    }
}
