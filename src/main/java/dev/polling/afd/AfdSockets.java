package dev.polling.afd;

import java.util.Arrays;

import dev.polling.spi.DescriptorTable;
import dev.polling.spi.NativeOs;

/**
 * The AFD backend's sockets, found two ways without allocating: by socket handle (registration,
 * in the same {@link DescriptorTable} every descriptor backend keeps its sources in) and by the
 * token a completion carries (slot index + 1). The token is a slot, not a generation-stamped tag
 * as on the Unix backends, because the kernel keeps it as the request's {@code ApcContext} until
 * the completion is dequeued: a slot is reused only after {@link #release}, so a token never names
 * the wrong socket. Not thread-safe: used under the backend's lock.
 */
final class AfdSockets {
    private final NativeOs os;
    private final DescriptorTable byHandle = new DescriptorTable();
    /** A deleted socket whose request is still outstanding, by handle: its successor must wait. */
    private final DescriptorTable lingering = new DescriptorTable();
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
        return (AfdSocket) byHandle.get(socket);
    }

    /**
     * The deleted socket registered under {@code socket} whose request has not been handed back yet,
     * or {@code null}. Two requests for one socket must never be outstanding on one port (Windows
     * then mixes up their results: trio's afd-lab, wepoll #35), so a re-added socket waits for it.
     */
    AfdSocket lingering(int socket) {
        return (AfdSocket) lingering.get(socket);
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
        byHandle.put(socket, s);
        live++;
        return s;
    }

    /** Unregisters the handle; the slot stays until {@link #release}, and until then the socket lingers. */
    AfdSocket remove(int socket) {
        AfdSocket s = (AfdSocket) byHandle.remove(socket);
        if (s != null && !s.isReleased()) {
            lingering.put(socket, s);
        }
        return s;
    }

    /** Frees the native blocks and the slot. Call only when no request is outstanding. Idempotent. */
    void release(AfdSocket s) {
        if (s.isReleased()) {
            return;
        }
        s.release();
        if (lingering.get(s.socket) == s) {
            lingering.remove(s.socket);
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
