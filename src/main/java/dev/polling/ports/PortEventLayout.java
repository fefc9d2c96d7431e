package dev.polling.ports;

import dev.polling.spi.NativeBuffer;

/**
 * {@code port_event_t} on 64-bit illumos and Solaris, read at fixed offsets:
 * <pre>
 * typedef struct port_event {
 *     int       portev_events;   // @0  the poll bits that fired
 *     ushort_t  portev_source;   // @4  PORT_SOURCE_FD, PORT_SOURCE_USER, ...
 *     ushort_t  portev_pad;      // @6
 *     uintptr_t portev_object;   // @8  the descriptor, for PORT_SOURCE_FD
 *     void     *portev_user;     // @16 the value given to port_associate/port_send
 * } port_event_t;                // 24 bytes
 * </pre>
 */
final class PortEventLayout {
    static final int SIZE = 24;
    static final int EVENTS = 0;
    static final int SOURCE = 4;
    static final int PAD = 6;
    static final int OBJECT = 8;
    static final int USER = 16;

    private PortEventLayout() {
    }

    static int events(NativeBuffer buf, int i) {
        return buf.getInt((long) i * SIZE + EVENTS);
    }

    /** The source, unsigned. */
    static int source(NativeBuffer buf, int i) {
        return buf.getShort((long) i * SIZE + SOURCE) & 0xFFFF;
    }

    static long object(NativeBuffer buf, int i) {
        return buf.getLong((long) i * SIZE + OBJECT);
    }

    static long user(NativeBuffer buf, int i) {
        return buf.getLong((long) i * SIZE + USER);
    }

    /** Sets record {@code i}'s source (the backend zeroes record 0's before each wait). */
    static void putSource(NativeBuffer buf, int i, int source) {
        buf.putShort((long) i * SIZE + SOURCE, (short) source);
    }

    /** Fills record {@code i} (what the kernel does; used by tests and kept beside the readers). */
    static void put(NativeBuffer buf, int i, int events, int source, long object, long user) {
        long at = (long) i * SIZE;
        buf.putInt(at + EVENTS, events);
        buf.putShort(at + SOURCE, (short) source);
        buf.putShort(at + PAD, (short) 0);
        buf.putLong(at + OBJECT, object);
        buf.putLong(at + USER, user);
    }
}
