package dev.polling.spi.ffm;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.function.Function;

import dev.polling.spi.NativeBuffer;

/**
 * {@link NativeBuffer} on a {@link MemorySegment} of its own shared {@link Arena}: zeroed when
 * allocated, freed by {@link #close()}. The segment checks every access itself (bounds, and
 * liveness: a closed buffer throws {@link IllegalStateException}); multi-byte values use the
 * unaligned layouts in native byte order, since structs such as x86_64's packed
 * {@code epoll_event} put a 64-bit field at offset 4.
 *
 * <p>A {@link #view} of memory the library does not own (a mapping the kernel made) is the same
 * class: the address reinterpreted as a segment of its size in an arena of its own, so that
 * closing the view closes the arena (nothing is freed) and the segment refuses every later access.
 *
 * <p>{@link #getIntAcquire} and {@link #putIntRelease} use the aligned {@code int} layout's var
 * handle in acquire and release mode, which the JIT compiles to what the kernel's
 * {@code smp_load_acquire}/{@code smp_store_release} pairing needs ({@code ldar}/{@code stlr} on
 * aarch64, plain moves on x86_64); the address (start plus offset) must be 4-byte aligned.
 *
 * <p>The arena is shared because a poller's buffers may be touched by the polling thread and by a
 * thread that registers, each under the owner's lock.
 */
public final class FfmNativeBuffer extends NativeBuffer {
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED;
    private static final ValueLayout.OfByte BYTE = ValueLayout.JAVA_BYTE;
    /** The aligned {@code int} layout's handle, for acquire and release; coordinates: the segment and the byte offset. */
    private static final VarHandle ALIGNED_INT = ValueLayout.JAVA_INT.varHandle();
    /** Up to this many bytes {@link #clear} writes zeros itself rather than through a slice. */
    private static final long SMALL_CLEAR = 64;

    private final Arena arena;
    private final MemorySegment segment;

    private FfmNativeBuffer(Arena arena, MemorySegment segment) {
        this.arena = arena;
        this.segment = segment;
    }

    /**
     * Allocates {@code size} zeroed bytes, aligned for any scalar.
     *
     * @throws IllegalArgumentException if {@code size} is not positive
     * @throws OutOfMemoryError         if the allocation fails
     */
    public static FfmNativeBuffer allocate(long size) {
        requirePositiveSize(size);
        return inOwnArena(arena -> arena.allocate(size, Long.BYTES));
    }

    /**
     * A view of {@code size} bytes at {@code address}, memory the library does not own (a mapping
     * the kernel made): {@link #close()} frees nothing, but every access after it throws
     * {@link IllegalStateException}. The caller keeps the memory valid until it closes the view.
     *
     * @throws IllegalArgumentException if {@code address} is 0 or {@code size} is not positive
     */
    @SuppressWarnings("restricted") // memory the caller vouches for, of exactly this size
    public static FfmNativeBuffer view(long address, long size) {
        requireViewable(address, size);
        return inOwnArena(arena -> MemorySegment.ofAddress(address).reinterpret(size, arena, null));
    }

    /** A buffer over the segment {@code segment} makes in a new shared arena, closed again if that fails. */
    private static FfmNativeBuffer inOwnArena(Function<Arena, MemorySegment> segment) {
        Arena arena = Arena.ofShared();
        try {
            return new FfmNativeBuffer(arena, segment.apply(arena));
        } catch (RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }

    /**
     * The memory of {@code buffer}, which must come from this binding, as a call argument: the
     * linker keeps it alive during the call and refuses it once closed.
     *
     * @throws ClassCastException if {@code buffer} came from another binding
     */
    public static MemorySegment segment(NativeBuffer buffer) {
        return ((FfmNativeBuffer) buffer).segment;
    }

    /**
     * As {@link #segment(NativeBuffer)}, checked to hold {@code count} bytes.
     *
     * @throws IndexOutOfBoundsException if it is smaller
     */
    public static MemorySegment segment(NativeBuffer buffer, long count) {
        MemorySegment s = ((FfmNativeBuffer) buffer).segment;
        if (count < 0 || count > s.byteSize()) {
            throw new IndexOutOfBoundsException("count " + count + " outside a buffer of " + s.byteSize() + " bytes");
        }
        return s;
    }

    @Override
    public long address() {
        live();
        return segment.address();
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

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException also if the address (start plus offset) is not 4-byte aligned
     */
    @Override
    public int getIntAcquire(long offset) {
        return (int) ALIGNED_INT.getAcquire(segment, requireIntAligned(offset));
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException also if the address (start plus offset) is not 4-byte aligned
     */
    @Override
    public void putIntRelease(long offset, int value) {
        ALIGNED_INT.setRelease(segment, requireIntAligned(offset), value);
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
    public short getShort(long offset) {
        return segment.get(SHORT, offset);
    }

    @Override
    public void putShort(long offset, short value) {
        segment.set(SHORT, offset, value);
    }

    @Override
    public byte getByte(long offset) {
        return segment.get(BYTE, offset);
    }

    @Override
    public void putByte(long offset, byte value) {
        segment.set(BYTE, offset, value);
    }

    @Override
    public void clear(long offset, long length) {
        live();
        if (length > SMALL_CLEAR) {
            segment.asSlice(offset, length).fill((byte) 0);
            return;
        }
        // Small clears (a struct's reserved tail, per record) write in place: no slice object.
        Objects.checkFromIndexSize(offset, length, segment.byteSize());
        long i = 0;
        for (; i + Long.BYTES <= length; i += Long.BYTES) {
            segment.set(LONG, offset + i, 0L);
        }
        for (; i < length; i++) {
            segment.set(BYTE, offset + i, (byte) 0);
        }
    }

    @Override
    public boolean isClosed() {
        return !arena.scope().isAlive();
    }

    @Override
    public void close() {
        if (arena.scope().isAlive()) {
            arena.close();
        }
    }

    private void live() {
        if (!arena.scope().isAlive()) {
            throw new IllegalStateException("native buffer used after close");
        }
    }
}
