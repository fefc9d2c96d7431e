package dev.polling.afd;

import java.util.Arrays;

import dev.polling.spi.NativeOs;

/**
 * The AFD backend's sockets, found two ways without allocating: by socket handle (registration)
 * and by the token a completion carries (slot index + 1). A slot is reused only after
 * {@link #release} — i.e. after its last completion was dequeued — so a token never names the wrong
 * socket. Not thread-safe: used under the backend's lock.
 */
final class AfdSockets {
    private final NativeOs os;
    private AfdSocket[] byHandle = new AfdSocket[64];
    /** A deleted socket whose request is still outstanding, by handle: its successor must wait. */
    private AfdSocket[] lingering = new AfdSocket[64];
    private AfdSocket[] slots = new AfdSocket[16];
    private int[] freeSlots = new int[16];
    private int freeCount;
    private int slotCount;
    private int live;

    /** A table whose sockets take their native blocks from {@code os}. */
    AfdSockets(NativeOs os) {
        this.os = os;
    }

    /** The socket registered under handle value {@code socket}, or {@code null}. */
    AfdSocket get(int socket) {
        return socket >= 0 && socket < byHandle.length ? byHandle[socket] : null;
    }

    /**
     * The deleted socket registered under {@code socket} whose request has not been handed back yet,
     * or {@code null}. Two requests for one socket must never be outstanding on one port (Windows
     * then mixes up their results: trio's afd-lab, wepoll #35), so a re-added socket waits for it.
     */
    AfdSocket lingering(int socket) {
        return socket >= 0 && socket < lingering.length ? lingering[socket] : null;
    }

    /** The socket a completion's {@code lpOverlapped} names, or {@code null}. */
    AfdSocket byToken(long token) {
        long index = token - 1;
        return index >= 0 && index < slotCount ? slots[(int) index] : null;
    }

    /** A new socket in a free slot, registered under its handle. */
    AfdSocket create(int socket, long baseHandle, AfdHelpers.Helper helper) {
        int index;
        if (freeCount > 0) {
            index = freeSlots[--freeCount];
        } else {
            if (slotCount == slots.length) {
                slots = Arrays.copyOf(slots, slots.length * 2);
                freeSlots = Arrays.copyOf(freeSlots, slots.length);
            }
            index = slotCount++;
        }
        AfdSocket s = new AfdSocket(os, socket, baseHandle, index + 1L, helper);
        slots[index] = s;
        if (socket >= byHandle.length) {
            byHandle = Arrays.copyOf(byHandle, Math.max(socket + 1, byHandle.length * 2));
            lingering = Arrays.copyOf(lingering, byHandle.length);
        }
        byHandle[socket] = s;
        live++;
        return s;
    }

    /** Unregisters the handle; the slot stays until {@link #release}, and until then the socket lingers. */
    AfdSocket remove(int socket) {
        AfdSocket s = get(socket);
        if (s != null) {
            byHandle[socket] = null;
            if (!s.released) {
                lingering[socket] = s;
            }
        }
        return s;
    }

    /** Frees the native blocks and the slot. Call only when no request is outstanding. Idempotent. */
    void release(AfdSocket s) {
        if (s.released) {
            return;
        }
        s.released = true;
        s.iosb.close();
        s.info.close();
        if (s.socket < lingering.length && lingering[s.socket] == s) {
            lingering[s.socket] = null;
        }
        int index = (int) (s.token - 1);
        slots[index] = null;
        freeSlots[freeCount++] = index;
        live--;
    }

    /** How many sockets still hold native blocks. */
    int live() {
        return live;
    }

    /** Every socket that still holds native blocks, for close. */
    AfdSocket[] liveSockets() {
        AfdSocket[] out = new AfdSocket[live];
        int n = 0;
        for (int i = 0; i < slotCount; i++) {
            if (slots[i] != null) {
                out[n++] = slots[i];
            }
        }
        return out;
    }
}
