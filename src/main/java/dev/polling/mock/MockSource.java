package dev.polling.mock;

import java.nio.channels.SelectableChannel;

import dev.polling.PollMode;
import dev.polling.spi.Interest;

/**
 * One source the mock knows about (a channel or a descriptor number): the readiness the test gave
 * it, and its registration if it has one. The mode rules live here. Guarded by the backend's lock.
 */
final class MockSource {
    /** Readiness bits: the two directions share {@link Interest}'s values. */
    static final int READ = Interest.READABLE;
    static final int WRITE = Interest.WRITABLE;
    static final int HANG_UP = 4;
    static final int ERROR = 8;
    static final int ALL = READ | WRITE | HANG_UP | ERROR;

    /** The channel, or the descriptor as an {@link Integer}. */
    final Object id;

    /** Readiness that stays until the test clears it. */
    private int sticky;
    /** Readiness that lasts until an event reports it. */
    private int pulse;
    /** A readiness edge not yet reported (edge modes). */
    private boolean edge;

    private boolean registered;
    private long key;
    private int interest;
    private PollMode mode;
    /** Oneshot modes: whether an event may still be reported before the next re-arm. */
    private boolean armed;

    /** Whether the source is in the backend's ready queue. */
    boolean queued;

    MockSource(Object id) {
        this.id = id;
    }

    boolean isRegistered() {
        return registered;
    }

    long key() {
        return key;
    }

    int interest() {
        return interest;
    }

    PollMode mode() {
        return mode;
    }

    /** Registers (or re-registers) the source: a fresh arm, and a readiness present now is a new edge. */
    void register(long newKey, int newInterest, PollMode newMode) {
        registered = true;
        key = newKey;
        interest = newInterest;
        mode = newMode;
        armed = true;
        // epoll_ctl ADD/MOD and kevent EV_ADD evaluate readiness at once: a ready source reports
        // even in edge mode.
        edge = true;
    }

    void deregister() {
        registered = false;
        armed = false;
    }

    /** The test made the source ready: a new edge, {@code sticky} until cleared or lasting one event. */
    void fire(int bits, boolean stays) {
        if (stays) {
            sticky |= bits;
        } else {
            pulse |= bits;
        }
        edge = true;
    }

    /** The test took readiness away. */
    void clear(int bits) {
        sticky &= ~bits;
        pulse &= ~bits;
        if ((sticky | pulse) == 0) {
            edge = false;
        }
    }

    /** The {@link Interest} bits an event for this source would carry now, or 0 if none is due. */
    int reportable() {
        if (!registered || isClosedChannel()) {
            return 0;
        }
        int bits = directions(sticky | pulse) & interest;
        if (bits == 0) {
            return 0;
        }
        return switch (mode) {
            case ONESHOT -> armed ? bits : 0;
            case LEVEL -> bits;
            case EDGE -> edge ? bits : 0;
            case EDGE_ONESHOT -> armed && edge ? bits : 0;
        };
    }

    /** An event with {@code bits} was stored for this source: disarm, consume the edge and the pulse. */
    void delivered(int bits) {
        if (mode == PollMode.ONESHOT || mode == PollMode.EDGE_ONESHOT) {
            armed = false;
        }
        edge = false;
        // A pulse is consumed by the event that reports it, as if the code under test read it all.
        int consumed = bits | HANG_UP | ERROR;
        pulse &= ~consumed;
    }

    /** Whether a registered source's readiness can ever be reported again without a re-arm. */
    boolean mayReportAgain() {
        return mode == PollMode.LEVEL;
    }

    private boolean isClosedChannel() {
        return id instanceof SelectableChannel ch && !ch.isOpen();
    }

    /** Readable/writable bits for readiness: hang-up and error count as both, so the next read or write surfaces them. */
    static int directions(int readiness) {
        int bits = readiness & (READ | WRITE);
        if ((readiness & (HANG_UP | ERROR)) != 0) {
            bits |= Interest.BOTH;
        }
        return bits;
    }
}
