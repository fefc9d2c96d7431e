package dev.polling.iouring.jnr;

import java.lang.invoke.VarHandle;
import java.util.Objects;

import com.kenai.jffi.MemoryIO;

import dev.polling.iouring.RingMemory;

/**
 * {@link RingMemory} over a native address, read and written through jffi's {@link MemoryIO}
 * (plain loads and stores: {@code sun.misc.Unsafe} where the JVM allows it, else JNI).
 *
 * <p><b>Acquire and release with fences around plain accesses.</b> {@link #getIntAcquire} is a
 * plain load followed by {@link VarHandle#acquireFence()}: no later load or store may be
 * reordered before the load, by the JIT or by the CPU. {@link #putIntRelease} is
 * {@link VarHandle#releaseFence()} followed by a plain store: no earlier load or store may be
 * reordered after it. Together they give the acquire/release pairing the kernel's
 * {@code smp_load_acquire}/{@code smp_store_release} on the ring indices expect. On x86_64 (TSO)
 * the fences cost nothing but stop the compiler; on aarch64 the JIT emits {@code dmb ishld} and
 * {@code dmb ish}, which order the access against the ring entries it guards. An aligned 32-bit
 * access is single-copy atomic on both, so an index is never read torn.
 */
final class JnrRingMemory implements RingMemory {
    private static final MemoryIO IO = MemoryIO.getInstance();

    private final long address;
    private final long size;

    JnrRingMemory(long address, long size) {
        if (address == 0 || size <= 0) {
            throw new IllegalArgumentException("no memory at " + address + " (" + size + " bytes)");
        }
        this.address = address;
        this.size = size;
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
    public int getIntAcquire(long offset) {
        int value = IO.getInt(at(offset, 4));
        VarHandle.acquireFence();
        return value;
    }

    @Override
    public void putIntRelease(long offset, int value) {
        long a = at(offset, 4);
        VarHandle.releaseFence();
        IO.putInt(a, value);
    }

    private long at(long offset, long length) {
        return address + Objects.checkFromIndexSize(offset, length, size);
    }

    @Override
    public String toString() {
        return "RingMemory[0x" + Long.toHexString(address) + ", " + size + " bytes]";
    }
}
