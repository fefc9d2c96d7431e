package dev.polling.kqueue;

import dev.polling.spi.NativeBuffer;

/**
 * How one OS lays out {@code struct kevent} in memory: the backend reads and writes kevent arrays
 * at these offsets, never through struct objects. One subclass per ABI variant.
 */
abstract sealed class KeventLayout permits Kevent32Layout, Kevent64Layout, NetBsdKeventLayout {

    /** The size of one record, which is also the array stride. */
    abstract int size();

    /** Zeroes record {@code i} of {@code buf} and fills in its fields. */
    abstract void put(NativeBuffer buf, int i, long ident, int filter, int flags, int fflags, long data, long udata);

    /** The {@code ident} field (the descriptor for read/write filters). */
    abstract long ident(NativeBuffer buf, int i);

    /** The {@code filter} field, sign-extended where the OS declares it signed. */
    abstract int filter(NativeBuffer buf, int i);

    /** The {@code flags} field, as an unsigned value. */
    abstract int flags(NativeBuffer buf, int i);

    /** The {@code fflags} field. */
    abstract int fflags(NativeBuffer buf, int i);

    /** The {@code data} field (an errno in an {@code EV_ERROR} receipt). */
    abstract long data(NativeBuffer buf, int i);

    /** The {@code udata} field. */
    abstract long udata(NativeBuffer buf, int i);

    /** A short description for messages and logs. */
    abstract String describe();

    @Override
    public String toString() {
        return describe();
    }
}
