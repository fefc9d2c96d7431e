package dev.polling.spi.jnr;

import java.util.Objects;

import com.kenai.jffi.MemoryIO;

import dev.polling.spi.NativeBuffer;

/**
 * {@link NativeBuffer} on jffi's {@link MemoryIO} (plain loads and stores: {@code sun.misc.Unsafe}
 * where the JVM allows it, else JNI): {@code malloc}ed memory, zeroed, freed by {@link #close()};
 * or a {@link #view} of memory someone else owns, which {@link #close()} only makes unusable.
 * Acquire and release are the inherited plain access with a fence.
 */
public final class JnrNativeBuffer extends NativeBuffer {
    private static final MemoryIO IO = MemoryIO.getInstance();

    /** The start, or 0 once closed: every access reads it, so none reaches the memory after close. */
    private long address;
    private final long size;
    /** Whether {@link #close()} frees the memory (allocated here) or only forgets it (a view). */
    private final boolean owns;

    private JnrNativeBuffer(long address, long size, boolean owns) {
        this.address = address;
        this.size = size;
        this.owns = owns;
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
        return new JnrNativeBuffer(address, size, true);
    }

    /**
     * A view of {@code size} bytes at {@code address}, memory the library does not own (a mapping
     * the kernel made): {@link #close()} frees nothing, but every access after it throws
     * {@link IllegalStateException}. The caller keeps the memory valid until it closes the view.
     *
     * @throws IllegalArgumentException if {@code address} is 0 or {@code size} is not positive
     */
    public static JnrNativeBuffer view(long address, long size) {
        requireViewable(address, size);
        return new JnrNativeBuffer(address, size, false);
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
            if (owns) {
                IO.freeMemory(a);
            }
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
