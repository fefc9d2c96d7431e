package dev.polling.bench;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;

import dev.polling.Event;
import dev.polling.PollMode;
import dev.polling.Poller;
import jnr.ffi.LastError;
import jnr.ffi.Runtime;

/**
 * Sources registered for readability that never become ready: the scaling workload's load.
 * Raw eventfds (one descriptor each, so 16000 fit) for raw implementations, JDK pipes otherwise.
 */
final class IdleSources implements Closeable {
    private final int[] eventFds;
    private final ChannelPipes pipes;

    private IdleSources(int[] eventFds, ChannelPipes pipes) {
        this.eventFds = eventFds;
        this.pipes = pipes;
    }

    /** Registers {@code count} idle sources with keys from {@code firstKey} on. */
    static IdleSources register(Poller poller, boolean raw, int count, int firstKey, PollMode mode) throws IOException {
        if (count == 0) {
            return new IdleSources(new int[0], null);
        }
        if (!raw) {
            ChannelPipes pipes = new ChannelPipes(count);
            try {
                for (int i = 0; i < count; i++) {
                    poller.add(pipes.source(i), Event.readable(firstKey + i), mode);
                }
            } catch (IOException | RuntimeException e) {
                pipes.close();
                throw e;
            }
            return new IdleSources(new int[0], pipes);
        }
        Posix libc = Posix.libc();
        int[] fds = new int[count];
        IdleSources sources = new IdleSources(fds, null);
        java.util.Arrays.fill(fds, -1);
        try {
            for (int i = 0; i < count; i++) {
                fds[i] = libc.eventfd(0, Posix.O_NONBLOCK | Posix.O_CLOEXEC);
                if (fds[i] < 0) {
                    throw new IOException("eventfd " + i + " of " + count + " failed: errno "
                            + LastError.getLastError(Runtime.getRuntime(libc)) + " (raise ulimit -n?)");
                }
                poller.add(fds[i], Event.readable(firstKey + i), mode);
            }
        } catch (IOException | RuntimeException e) {
            sources.close();
            throw e;
        }
        return sources;
    }

    /** Registers {@code count} idle pipes for {@code OP_READ}, no attachment. */
    static IdleSources registerWithSelector(Selector selector, int count) throws IOException {
        if (count == 0) {
            return new IdleSources(new int[0], null);
        }
        ChannelPipes pipes = new ChannelPipes(count);
        try {
            for (int i = 0; i < count; i++) {
                pipes.source(i).register(selector, SelectionKey.OP_READ);
            }
        } catch (IOException | RuntimeException e) {
            pipes.close();
            throw e;
        }
        return new IdleSources(new int[0], pipes);
    }

    /** Closes the sources; deregister them first (closing the poller or selector does). */
    @Override
    public void close() {
        for (int fd : eventFds) {
            if (fd >= 0) {
                Posix.libc().close(fd);
            }
        }
        if (pipes != null) {
            pipes.close();
        }
    }
}
