package dev.polling.spi;

import java.lang.invoke.VarHandle;

/**
 * A block of native memory with bounds-checked accessors, freed explicitly by {@link #close()}:
 * the one way backends hold event arrays and scratch structs, whichever binding reaches the OS.
 *
 * <p>A backend gets its buffers from its OS interface ({@link NativeOs#allocate}), so that the
 * memory comes from the same binding as the calls it is passed to: {@code spi.jnr.JnrNativeBuffer}
 * (jffi's {@code MemoryIO}) for JNR-FFI, a {@code MemorySegment} for {@code java.lang.foreign}, or
 * plain Java memory for a fake kernel in unit tests.
 *
 * <p>The contract every implementation keeps (checked by one shared test): memory is zeroed when
 * allocated; every access checks its offset against the size and throws
 * {@link IndexOutOfBoundsException} instead of touching memory outside the block; any access,
 * including {@link #address()}, after {@link #close()} throws {@link IllegalStateException};
 * multi-byte values are in native byte order and need not be aligned (except for the acquire and
 * release accesses below); no access allocates. Not thread-safe: owned by one thread or guarded by
 * the owner's lock (a buffer only read after it was filled may be shared).
 *
 * <p><b>Views.</b> A buffer may also be a view of memory the library does not own, such as a ring
 * the kernel maps into the process ({@code JnrNativeBuffer.view}, {@code FfmNativeBuffer.view}):
 * bounds-checked like any buffer, not zeroed, and its {@link #close()} frees nothing but makes every
 * later access throw {@link IllegalStateException}, so that an access after the memory is unmapped
 * is an exception rather than a fault.
 *
 * <p><b>Ordering.</b> Memory shared with the kernel (io_uring's rings) carries indices that each
 * side publishes to the other. A reader of an index written by the other side must not read what
 * the index covers (a completion entry, a submission slot the kernel has released) before it reads
 * the index; a writer of an index must not move its writes of the entries after the index. Hence
 * {@link #getIntAcquire} (nothing after it moves before it) and {@link #putIntRelease} (nothing
 * before it moves after it): the pair the kernel uses on its side, {@code smp_load_acquire} and
 * {@code smp_store_release}. Plain accesses are for the entries themselves, which the indices
 * order.
 */
public abstract class NativeBuffer implements AutoCloseable {
    /** For implementations. */
    protected NativeBuffer() {
    }

    /** The start address, for a binding to pass to native calls. */
    public abstract long address();

    /** The size in bytes. */
    public abstract long size();

    /** Reads the 32-bit value at {@code offset}. */
    public abstract int getInt(long offset);

    /** Writes a 32-bit value at {@code offset}. */
    public abstract void putInt(long offset, int value);

    /**
     * Reads the 32-bit value at {@code offset} with acquire semantics: no later read or write, by
     * the compiler or the CPU, is ordered before it. The offset must be a multiple of 4 (from a
     * start that is itself aligned, as every allocated buffer and every mapping is), so that the
     * value is read in one piece.
     *
     * <p>This default is a plain read followed by {@link VarHandle#acquireFence()}. On x86_64
     * (total store order) the fence costs nothing but stops the compiler; on aarch64 it is a
     * {@code dmb ishld}. An aligned 32-bit access is single-copy atomic on both, so an index is
     * never read torn.
     *
     * @throws IllegalArgumentException  if {@code offset} is not a multiple of 4
     * @throws IndexOutOfBoundsException if the four bytes are not all inside the buffer
     * @throws IllegalStateException     if the buffer is closed
     */
    public int getIntAcquire(long offset) {
        int value = getInt(requireIntAligned(offset));
        VarHandle.acquireFence();
        return value;
    }

    /**
     * Writes a 32-bit value at {@code offset} with release semantics: no earlier read or write, by
     * the compiler or the CPU, is ordered after it. Alignment as {@link #getIntAcquire}.
     *
     * <p>This default is {@link VarHandle#releaseFence()} followed by a plain write (on aarch64 a
     * {@code dmb ish} before the store).
     *
     * @throws IllegalArgumentException  if {@code offset} is not a multiple of 4
     * @throws IndexOutOfBoundsException if the four bytes are not all inside the buffer
     * @throws IllegalStateException     if the buffer is closed
     */
    public void putIntRelease(long offset, int value) {
        requireIntAligned(offset);
        VarHandle.releaseFence();
        putInt(offset, value);
    }

    /** Reads the 64-bit value at {@code offset}. */
    public abstract long getLong(long offset);

    /** Writes a 64-bit value at {@code offset}. */
    public abstract void putLong(long offset, long value);

    /** Reads the 16-bit value at {@code offset}. */
    public abstract short getShort(long offset);

    /** Writes a 16-bit value at {@code offset}. */
    public abstract void putShort(long offset, short value);

    /** Reads the byte at {@code offset}. */
    public abstract byte getByte(long offset);

    /** Writes a byte at {@code offset}. */
    public abstract void putByte(long offset, byte value);

    /** Zeroes {@code length} bytes from {@code offset}. */
    public abstract void clear(long offset, long length);

    /** Whether {@link #close()} has been called (and freed the memory, unless this is a view). */
    public abstract boolean isClosed();

    /** Frees the memory (a view: only makes it unusable); later calls do nothing. */
    @Override
    public abstract void close();

    /**
     * Checks a requested size, for implementations' factories.
     *
     * @throws IllegalArgumentException if {@code size} is not positive
     */
    protected static long requirePositiveSize(long size) {
        if (size <= 0) {
            throw new IllegalArgumentException("native buffer size must be positive, was " + size);
        }
        return size;
    }

    /**
     * Checks that an acquire or release access at {@code offset} is 4-byte aligned, for
     * implementations that override {@link #getIntAcquire} and {@link #putIntRelease}.
     *
     * @return {@code offset}
     * @throws IllegalArgumentException if it is not a multiple of 4
     */
    protected static long requireIntAligned(long offset) {
        if ((offset & 3) != 0) {
            throw new IllegalArgumentException("an acquire or release access needs a 4-byte aligned offset, was " + offset);
        }
        return offset;
    }

    /**
     * Checks the memory a view is to cover, for implementations' view factories.
     *
     * @throws IllegalArgumentException if {@code address} is 0 or {@code size} is not positive
     */
    protected static void requireViewable(long address, long size) {
        if (address == 0 || size <= 0) {
            throw new IllegalArgumentException("no memory to view at address 0x" + Long.toHexString(address)
                    + " of " + size + " bytes");
        }
    }
}
