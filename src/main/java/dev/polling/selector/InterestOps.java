package dev.polling.selector;

import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;

import dev.polling.spi.Interest;

/** Translates {@link Interest} bits to {@link SelectionKey} operations and ready operations back. */
final class InterestOps {
    private static final int READ_SIDE = SelectionKey.OP_READ | SelectionKey.OP_ACCEPT;
    private static final int WRITE_SIDE = SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT;

    private InterestOps() {
    }

    /**
     * The operations to register for {@code interest} on {@code channel}, masked by what the channel
     * supports (so writable on a pipe's source end registers nothing and never fires).
     *
     * <p>Readable is {@code OP_ACCEPT} on a listening channel, {@code OP_READ} elsewhere. Writable is
     * {@code OP_WRITE} plus {@code OP_CONNECT} wherever the channel can connect: while a connect is
     * pending the JDK reports only {@code OP_CONNECT} (not {@code OP_WRITE}), and a connect may be
     * started after the channel was added, so both are always asked for. Once connected, the JDK
     * never reports {@code OP_CONNECT} again, and both map to the same OS event.
     */
    static int toOps(SelectableChannel channel, int interest) {
        int valid = channel.validOps();
        int ops = 0;
        if ((interest & Interest.READABLE) != 0) {
            ops |= (valid & SelectionKey.OP_ACCEPT) != 0 ? SelectionKey.OP_ACCEPT : SelectionKey.OP_READ;
        }
        if ((interest & Interest.WRITABLE) != 0) {
            ops |= WRITE_SIDE;
        }
        return ops & valid;
    }

    /**
     * The {@link Interest} bits for a key's ready operations. The JDK reports hang-up and error as
     * every registered operation being ready, which gives readable and/or writable as required.
     */
    static int readiness(int readyOps) {
        int bits = (readyOps & READ_SIDE) != 0 ? Interest.READABLE : Interest.NONE;
        return (readyOps & WRITE_SIDE) != 0 ? bits | Interest.WRITABLE : bits;
    }
}
