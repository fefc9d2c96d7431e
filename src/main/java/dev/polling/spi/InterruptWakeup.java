package dev.polling.spi;

import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.spi.AbstractSelectableChannel;
import java.nio.channels.spi.AbstractSelector;
import java.nio.channels.spi.SelectorProvider;
import java.util.Set;

/**
 * Turns {@link Thread#interrupt()} of a thread blocked in a backend's OS wait into that backend's
 * {@link PollerBackend#wakeup()}, the way the JDK's own selectors answer interrupts.
 *
 * <p>The public hook for that is {@link AbstractSelector#begin()}/{@link AbstractSelector#end()}:
 * {@code begin()} installs an interruptor on the current thread that calls {@link #wakeup()} when
 * the thread is interrupted (or at once if it already is), {@code end()} removes it. This class is
 * an {@code AbstractSelector} only to reach those two methods; it selects nothing and opens no
 * OS resource. {@code begin()} allocates once per instance (the interruptor), then nothing.
 *
 * <p>Used only around a wait that would otherwise ignore interrupts: a native
 * {@code epoll_wait}, {@code poll}, {@code kevent}, {@code port_getn} or
 * {@code GetQueuedCompletionStatusEx} on a platform thread.
 */
public final class InterruptWakeup extends AbstractSelector {
    private final PollerBackend backend;

    /** A hook that wakes {@code backend} when the thread waiting in it is interrupted. */
    public InterruptWakeup(PollerBackend backend) {
        super(SelectorProvider.provider());
        this.backend = backend;
    }

    /** Call before the blocking wait, on the waiting thread; always pair with {@link #exit()} in a {@code finally}. */
    public void enter() {
        begin();
    }

    /** Call after the blocking wait, on the waiting thread. */
    public void exit() {
        end();
    }

    /** Called by the JDK's interruptor: ends the backend's wait. */
    @Override
    public Selector wakeup() {
        backend.wakeup();
        return this;
    }

    @Override
    protected void implCloseSelector() {
        // Nothing to release: no OS resource was opened.
    }

    @Override
    protected SelectionKey register(AbstractSelectableChannel ch, int ops, Object att) {
        throw unsupported();
    }

    @Override
    public Set<SelectionKey> keys() {
        throw unsupported();
    }

    @Override
    public Set<SelectionKey> selectedKeys() {
        throw unsupported();
    }

    @Override
    public int selectNow() {
        throw unsupported();
    }

    @Override
    public int select(long timeout) {
        throw unsupported();
    }

    @Override
    public int select() {
        throw unsupported();
    }

    private static UnsupportedOperationException unsupported() {
        return new UnsupportedOperationException("an interrupt hook, not a selector");
    }
}
