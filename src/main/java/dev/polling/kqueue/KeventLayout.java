package dev.polling.kqueue;

import dev.polling.spi.NativeBuffer;

/**
 * How one OS lays out {@code struct kevent} in memory: the backend reads and writes kevent arrays
 * at these offsets, never through struct objects. Three variants exist on 64-bit systems; they
 * share {@code ident} at 0 and differ in the width of filter and flags,
 * where {@code data} and {@code udata} sit, and what trails the record.
 *
 * <pre>
 * BSD_32 — macOS, FreeBSD 11 and earlier (kevent@FBSD_1.0), OpenBSD, DragonFly, and the Linux
 *          kqueue ports that copy FreeBSD's ABI; 32 bytes:
 *   uintptr_t ident @0; short filter @8; u_short flags @10; u_int fflags @12;
 *   intptr_t data @16 (int64_t on OpenBSD: same width); void *udata @24
 *
 * FREEBSD_64 — FreeBSD 12 and later (the default kevent@@FBSD_1.5); 64 bytes: the 32-byte
 *   fields at the same offsets, data widened to int64_t, then uint64_t ext[4] @32..63, which
 *   the kernel reads and which must be zero on input.
 *
 * NETBSD_40 — NetBSD's struct as __kevent50 takes it (NetBSD 5.0 to current; NetBSD 11's libc
 *   keeps __kevent50 as a converting wrapper); 40 bytes:
 *   uintptr_t ident @0; uint32_t filter @8; uint32_t flags @12; uint32_t fflags @16;
 *   padding @20; int64_t data @24; void *udata @32 (intptr_t before NetBSD 10: same ABI)
 * </pre>
 */
public final class KeventLayout {
    /** The 32-byte layout of macOS, FreeBSD ≤ 11, OpenBSD, DragonFly and FreeBSD-ABI ports. */
    static final KeventLayout BSD_32 = new KeventLayout("32-byte struct kevent", 32, false, 10, 12, 16, 24, 0, 0);
    /** FreeBSD 12+: the 32-byte fields, then {@code ext[4]}. */
    static final KeventLayout FREEBSD_64 =
            new KeventLayout("64-byte struct kevent (FreeBSD 12+)", 64, false, 10, 12, 16, 24, 32, 32);
    /** NetBSD {@code __kevent50}: 32-bit filter and flags, 4 bytes of padding before {@code data}. */
    static final KeventLayout NETBSD_40 =
            new KeventLayout("40-byte struct kevent (NetBSD __kevent50)", 40, true, 12, 16, 24, 32, 20, 4);

    private static final int IDENT = 0;
    private static final int FILTER = 8;

    private final String description;
    private final int size;
    /** Whether filter and flags are 32-bit (NetBSD) rather than 16-bit. */
    private final boolean wideFilterAndFlags;
    private final int flagsOffset;
    private final int fflagsOffset;
    private final int dataOffset;
    private final int udataOffset;
    /** Bytes the kernel reads that hold no field (NetBSD's padding, FreeBSD's ext[]): zeroed on put. */
    private final int reservedOffset;
    private final int reservedLength;

    private KeventLayout(String description, int size, boolean wideFilterAndFlags, int flagsOffset, int fflagsOffset,
            int dataOffset, int udataOffset, int reservedOffset, int reservedLength) {
        this.description = description;
        this.size = size;
        this.wideFilterAndFlags = wideFilterAndFlags;
        this.flagsOffset = flagsOffset;
        this.fflagsOffset = fflagsOffset;
        this.dataOffset = dataOffset;
        this.udataOffset = udataOffset;
        this.reservedOffset = reservedOffset;
        this.reservedLength = reservedLength;
    }

    /** The size of one record, which is also the array stride. */
    public int size() {
        return size;
    }

    /** Fills in record {@code i} of {@code buf}, zeroing the bytes that hold no field. */
    void put(NativeBuffer buf, int i, long ident, int filter, int flags, int fflags, long data, long udata) {
        long at = (long) i * size;
        buf.putLong(at + IDENT, ident);
        if (wideFilterAndFlags) {
            buf.putInt(at + FILTER, filter);
            buf.putInt(at + flagsOffset, flags);
        } else {
            buf.putShort(at + FILTER, (short) filter);
            buf.putShort(at + flagsOffset, (short) flags);
        }
        buf.putInt(at + fflagsOffset, fflags);
        buf.putLong(at + dataOffset, data);
        buf.putLong(at + udataOffset, udata);
        if (reservedLength > 0) {
            buf.clear(at + reservedOffset, reservedLength); // read by the kernel: never leave stale bytes there
        }
    }

    /** The {@code ident} field (the descriptor for read/write filters). */
    long ident(NativeBuffer buf, int i) {
        return buf.getLong((long) i * size + IDENT);
    }

    /** The {@code filter} field, sign-extended where the OS declares it signed (a 16-bit short). */
    int filter(NativeBuffer buf, int i) {
        long at = (long) i * size + FILTER;
        return wideFilterAndFlags ? buf.getInt(at) : buf.getShort(at);
    }

    /** The {@code flags} field, as an unsigned value. */
    int flags(NativeBuffer buf, int i) {
        long at = (long) i * size + flagsOffset;
        return wideFilterAndFlags ? buf.getInt(at) : buf.getShort(at) & 0xFFFF;
    }

    /** The {@code fflags} field. */
    int fflags(NativeBuffer buf, int i) {
        return buf.getInt((long) i * size + fflagsOffset);
    }

    /** The {@code data} field (an errno in an {@code EV_ERROR} receipt). */
    long data(NativeBuffer buf, int i) {
        return buf.getLong((long) i * size + dataOffset);
    }

    /** The {@code udata} field. */
    long udata(NativeBuffer buf, int i) {
        return buf.getLong((long) i * size + udataOffset);
    }

    @Override
    public String toString() {
        return description;
    }
}
