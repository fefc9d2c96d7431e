package dev.polling.kqueue;

import dev.polling.spi.NativeBuffer;

/**
 * NetBSD's 40-byte {@code struct kevent} as {@code __kevent50} takes it (NetBSD 5.0 to current;
 * NetBSD 11's libc keeps {@code __kevent50} as a converting wrapper): filter, flags and fflags are
 * all {@code uint32_t}, and {@code data} is 8-aligned after 4 bytes of padding.
 * <pre>
 * struct kevent {
 *     uintptr_t ident;       // @0
 *     uint32_t  filter;      // @8
 *     uint32_t  flags;       // @12
 *     uint32_t  fflags;      // @16
 *                            // @20 padding
 *     int64_t   data;        // @24
 *     void     *udata;       // @32 (intptr_t before NetBSD 10: same ABI)
 * };                         // 40 bytes
 * </pre>
 */
final class NetBsdKeventLayout extends KeventLayout {
    static final int SIZE = 40;
    static final int IDENT = 0;
    static final int FILTER = 8;
    static final int FLAGS = 12;
    static final int FFLAGS = 16;
    static final int PADDING = 20;
    static final int DATA = 24;
    static final int UDATA = 32;

    static final NetBsdKeventLayout INSTANCE = new NetBsdKeventLayout();

    private NetBsdKeventLayout() {
    }

    @Override
    int size() {
        return SIZE;
    }

    @Override
    void put(NativeBuffer buf, int i, long ident, int filter, int flags, int fflags, long data, long udata) {
        long at = (long) i * SIZE;
        buf.putLong(at + IDENT, ident);
        buf.putInt(at + FILTER, filter);
        buf.putInt(at + FLAGS, flags);
        buf.putInt(at + FFLAGS, fflags);
        buf.putInt(at + PADDING, 0);
        buf.putLong(at + DATA, data);
        buf.putLong(at + UDATA, udata);
    }

    @Override
    long ident(NativeBuffer buf, int i) {
        return buf.getLong((long) i * SIZE + IDENT);
    }

    @Override
    int filter(NativeBuffer buf, int i) {
        return buf.getInt((long) i * SIZE + FILTER);
    }

    @Override
    int flags(NativeBuffer buf, int i) {
        return buf.getInt((long) i * SIZE + FLAGS);
    }

    @Override
    int fflags(NativeBuffer buf, int i) {
        return buf.getInt((long) i * SIZE + FFLAGS);
    }

    @Override
    long data(NativeBuffer buf, int i) {
        return buf.getLong((long) i * SIZE + DATA);
    }

    @Override
    long udata(NativeBuffer buf, int i) {
        return buf.getLong((long) i * SIZE + UDATA);
    }

    @Override
    String describe() {
        return "40-byte struct kevent (NetBSD __kevent50)";
    }
}
