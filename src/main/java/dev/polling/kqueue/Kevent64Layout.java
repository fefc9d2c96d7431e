package dev.polling.kqueue;

import dev.polling.spi.NativeBuffer;

/**
 * The 64-byte {@code struct kevent} of FreeBSD 12 and later (the default {@code kevent@@FBSD_1.5}):
 * the 32-byte fields at the same offsets, {@code data} widened to {@code int64_t}, then
 * {@code uint64_t ext[4]} at 32, which must be zero on input.
 * <pre>
 * struct kevent {
 *     __uintptr_t ident;     // @0
 *     short       filter;    // @8
 *     u_short     flags;     // @10
 *     u_int       fflags;    // @12
 *     __int64_t   data;      // @16
 *     void       *udata;     // @24
 *     __uint64_t  ext[4];    // @32..63
 * };                         // 64 bytes
 * </pre>
 */
final class Kevent64Layout extends KeventLayout {
    static final int SIZE = 64;
    static final int IDENT = 0;
    static final int FILTER = 8;
    static final int FLAGS = 10;
    static final int FFLAGS = 12;
    static final int DATA = 16;
    static final int UDATA = 24;
    static final int EXT = 32;
    static final int EXT_LENGTH = 32;

    static final Kevent64Layout INSTANCE = new Kevent64Layout();

    private Kevent64Layout() {
    }

    @Override
    int size() {
        return SIZE;
    }

    @Override
    void put(NativeBuffer buf, int i, long ident, int filter, int flags, int fflags, long data, long udata) {
        long at = (long) i * SIZE;
        buf.putLong(at + IDENT, ident);
        buf.putShort(at + FILTER, (short) filter);
        buf.putShort(at + FLAGS, (short) flags);
        buf.putInt(at + FFLAGS, fflags);
        buf.putLong(at + DATA, data);
        buf.putLong(at + UDATA, udata);
        buf.clear(at + EXT, EXT_LENGTH); // ext[] is read by the kernel: never leave stale bytes there
    }

    @Override
    long ident(NativeBuffer buf, int i) {
        return buf.getLong((long) i * SIZE + IDENT);
    }

    @Override
    int filter(NativeBuffer buf, int i) {
        return buf.getShort((long) i * SIZE + FILTER);
    }

    @Override
    int flags(NativeBuffer buf, int i) {
        return buf.getShort((long) i * SIZE + FLAGS) & 0xFFFF;
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
        return "64-byte struct kevent (FreeBSD 12+)";
    }
}
