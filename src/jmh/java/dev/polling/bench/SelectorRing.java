package dev.polling.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The baseline: the ring on a plain JDK {@link Selector}, written the fastest idiomatic way. Each
 * read end stays registered for {@code OP_READ} (level-triggered, never re-armed), its index
 * attached; {@link Selector#select(Consumer, long)} hands each ready key to one consumer bound
 * once, so no selected-key set and no iterator are involved.
 */
final class SelectorRing extends RingWorkload {
    private final Selector selector;
    private final ChannelPipes channels;
    private final IdleSources idle;
    private final long timeoutMillis;
    private final Consumer<SelectionKey> onReady = this::onReady;

    SelectorRing(ChannelPipes pipes, int tokens, int idleCount, Duration timeout) throws IOException {
        super(pipes, tokens);
        channels = pipes;
        // select(action, 0) waits without limit; a finite timeout is at least 1 ms
        timeoutMillis = timeout == null ? 0 : Math.max(1, timeout.toMillis());
        selector = Selector.open();
        IdleSources opened;
        try {
            for (int i = 0; i < pipes.size(); i++) {
                pipes.source(i).register(selector, SelectionKey.OP_READ, new Slot(i));
            }
            opened = IdleSources.registerWithSelector(selector, idleCount);
        } catch (IOException | RuntimeException e) {
            selector.close();
            throw e;
        }
        idle = opened;
    }

    @Override
    int step() throws IOException {
        try {
            int n = selector.select(onReady, timeoutMillis);
            events += n;
            return n;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private void onReady(SelectionKey key) {
        try {
            Object slot = key.attachment();
            forward(slot instanceof Slot s ? s.index : -1, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            selector.close();
        } finally {
            idle.close();
            channels.close();
        }
    }

    /** What a key carries: its pipe's index. */
    private static final class Slot {
        final int index;

        Slot(int index) {
            this.index = index;
        }
    }
}
