package dev.polling.spi;

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
 * multi-byte values are in native byte order and need not be aligned; no access allocates. Not
 * thread-safe: owned by one thread or guarded by the owner's lock (a buffer only read after it
 * was filled may be shared).
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

    /** Whether {@link #close()} has freed the memory. */
    public abstract boolean isClosed();

    /** Frees the memory; later calls do nothing. */
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
}
