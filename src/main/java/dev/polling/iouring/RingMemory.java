package dev.polling.iouring;

/**
 * A view of memory the kernel shares with this process: the io_uring rings mapped by {@code mmap},
 * read and written at byte offsets. Every access checks its offset against {@link #size()}.
 *
 * <p><b>Ordering.</b> The kernel and this process publish ring indices to each other. A reader of
 * an index written by the other side must not read what the index covers (a completion entry, or
 * a submission slot the kernel has released) before it reads the index; a writer of an index must
 * not move its writes of the entries after the index. Hence {@link #getIntAcquire} (nothing after
 * it moves before it) and {@link #putIntRelease} (nothing before it moves after it), the pair the
 * kernel uses on its side ({@code smp_load_acquire}/{@code smp_store_release}). Plain accesses are
 * for the entries themselves, which the indices order.
 *
 * <p>Implementations: over a native address (the JNR binding's), and over Java arrays in the
 * tests' fake kernel. Not thread-safe by itself: the backend serialises its writers.
 */
public interface RingMemory {
    /** The size of the view in bytes. */
    long size();

    /** Reads the 32-bit value at {@code offset}. */
    int getInt(long offset);

    /** Writes a 32-bit value at {@code offset}. */
    void putInt(long offset, int value);

    /** Reads the 64-bit value at {@code offset}. */
    long getLong(long offset);

    /** Writes a 64-bit value at {@code offset}. */
    void putLong(long offset, long value);

    /** Reads the 32-bit value at {@code offset}; no later read or write is ordered before it. */
    int getIntAcquire(long offset);

    /** Writes a 32-bit value at {@code offset}; no earlier read or write is ordered after it. */
    void putIntRelease(long offset, int value);
}
