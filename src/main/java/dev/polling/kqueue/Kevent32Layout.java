package dev.polling.kqueue;

import dev.polling.spi.NativeBuffer;

/**
 * The 32-byte {@code struct kevent} of macOS, FreeBSD 11 and earlier ({@code kevent@FBSD_1.0}),
 * OpenBSD and DragonFly, and of the Linux kqueue ports that copy FreeBSD's ABI:
 * <pre>
 * struct kevent {            // 64-bit
 *     uintptr_t ident;       // @0
 *     short     filter;      // @8
 *     u_short   flags;       // @10
 *     u_int     fflags;      // @12
 *     intptr_t  data;        // @16 (int64_t on OpenBSD: same width)
 *     void     *udata;       // @24
 * };                         // 32 bytes
 * </pre>
 */
final class Kevent32Layout extends KeventLayout {
    static final int SIZE = 32;
    static final int IDENT = 0;
    static final int FILTER = 8;
    static final int FLAGS = 10;
    static final int FFLAGS = 12;
    static final int DATA = 16;
    static final int UDATA = 24;

    static final Kevent32Layout INSTANCE = new Kevent32Layout();

    private Kevent32Layout() {
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
        return "32-byte struct kevent";
    }
}
