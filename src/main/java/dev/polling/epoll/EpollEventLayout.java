package dev.polling.epoll;

import dev.polling.spi.Platform;

/**
 * Where the fields of {@code struct epoll_event} lie in native memory on a given CPU.
 *
 * <pre>
 * struct epoll_event {
 *     uint32_t     events;   // offset 0
 *     epoll_data_t data;     // union { void *ptr; int fd; uint32_t u32; uint64_t u64; }
 * };
 * </pre>
 *
 * <p>The kernel declares the struct {@code __attribute__((packed))} on x86_64 only
 * ({@code EPOLL_PACKED} in {@code include/uapi/linux/eventpoll.h}): there it is 12 bytes with
 * {@code data} at offset 4, unaligned. Every other architecture (aarch64, riscv64, ...) uses
 * natural alignment: 16 bytes with 4 bytes of padding and {@code data} at offset 8. The stride of
 * an array equals the size.
 */
final class EpollEventLayout {
    /** Offset of {@code events}, the same everywhere. */
    static final int EVENTS_OFFSET = 0;

    /** The packed x86_64 layout. */
    static final EpollEventLayout PACKED = new EpollEventLayout(12, 4);
    /** The naturally aligned layout of every other CPU. */
    static final EpollEventLayout ALIGNED = new EpollEventLayout(16, 8);

    private final int size;
    private final int dataOffset;

    private EpollEventLayout(int size, int dataOffset) {
        this.size = size;
        this.dataOffset = dataOffset;
    }

    /** The layout the kernel uses on {@code platform}'s CPU. */
    static EpollEventLayout of(Platform platform) {
        return platform.isX86_64() ? PACKED : ALIGNED;
    }

    /** The size of one struct, which is also the array stride. */
    int size() {
        return size;
    }

    /** The offset of {@code data.u64}, where the backend keeps its registration tag. */
    int dataOffset() {
        return dataOffset;
    }

    @Override
    public String toString() {
        return "epoll_event[size=" + size + ", data@" + dataOffset + "]";
    }
}
