package dev.polling.bench;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;

/**
 * The ring workload of DESIGN.md: N pipes, the read end of pipe i registered readable with key i,
 * T one-byte tokens in flight; each event reads the byte from pipe i, writes one into pipe
 * (i+1) mod N and re-arms pipe i (oneshot). Optionally with idle sources registered beside it
 * (the scaling workload).
 *
 * <p>Shared by the JMH benchmarks and {@link SelfCheck}. {@link #step()} is one poll (or select)
 * and the handling of everything it returned; it allocates nothing.
 *
 * <p>EDGE mode reads a pipe empty and forwards every byte it read: a pipe can hold more than
 * one token (T &gt; 1), and an edge-triggered source that is not drained reports nothing more.
 * Oneshot and level read one byte per event, as the C reference does.
 */
abstract class RingWorkload implements Closeable {
    /** The pipes. */
    final TokenPipes pipes;
    /** Tokens put in at the start. */
    final int tokens;
    /** Events handled so far. */
    long events;
    /** Events after which a read found no byte (legitimate only in EDGE mode). */
    long emptyReads;
    /** Events whose key was not a ring pipe's. */
    long foreignKeys;

    RingWorkload(TokenPipes pipes, int tokens) {
        this.pipes = pipes;
        this.tokens = tokens;
    }

    /**
     * Opens the ring for {@code impl}: {@code n} pipes, {@code t} tokens, {@code idle} idle sources
     * registered beside them (raw eventfds for raw implementations, pipes otherwise).
     *
     * @param timeout the longest a {@link #step()} waits, {@code null} for no limit
     */
    static RingWorkload open(Impl impl, int n, int t, int idle, Duration timeout) throws IOException {
        if (n < 1 || t < 1 || t > n || idle < 0) {
            throw new IllegalArgumentException("need N >= 1, 1 <= T <= N, idle >= 0; got N=" + n + " T=" + t + " idle=" + idle);
        }
        TokenPipes pipes = impl.openPipes(n);
        RingWorkload ring = null;
        try {
            ring = impl.isJdkSelector()
                    ? new SelectorRing((ChannelPipes) pipes, t, idle, timeout)
                    : new PollerRing(impl, pipes, t, idle, timeout);
            for (int i = 0; i < t; i++) {
                pipes.write(i, 1);
            }
            return ring;
        } catch (IOException | RuntimeException | Error e) {
            if (ring != null) {
                ring.close();
            } else {
                pipes.close();
            }
            throw e;
        }
    }

    /** Polls once and handles what it returned; returns how many events that was (0: timed out). */
    abstract int step() throws IOException;

    /** The next pipe in the ring. */
    final int next(int i) {
        int nx = i + 1;
        return nx == pipes.size() ? 0 : nx;
    }

    /**
     * Handles an event for pipe {@code i}: moves its token(s) on. Returns false if the key is
     * not a ring pipe's.
     */
    final boolean forward(int i, boolean drain) throws IOException {
        if (i < 0 || i >= pipes.size()) {
            foreignKeys++;
            return false;
        }
        if (drain) {
            int got;
            int total = 0;
            do {
                got = pipes.read(i, true);
                if (got > 0) {
                    pipes.write(next(i), got);
                    total += got;
                }
            } while (got == TokenPipes.MAX_READ);
            if (total == 0) {
                emptyReads++;
            }
        } else if (pipes.read(i, false) == 1) {
            pipes.write(next(i), 1);
        } else {
            emptyReads++;
        }
        return true;
    }

    /**
     * After a run: why it is wrong, or {@code null} if it is right. Drains the pipes, so call it
     * once, at the end. Right means every token still there (none lost or duplicated), no event
     * for a key that is not a ring pipe's, and, outside EDGE mode, no event without a byte to read.
     */
    String check(boolean edge) throws IOException {
        long left = pipes.drainAll();
        if (left != tokens) {
            return "tokens: " + tokens + " put in, " + left + " left in the pipes";
        }
        if (foreignKeys != 0) {
            return foreignKeys + " event(s) with a key that is no ring pipe's";
        }
        if (!edge && emptyReads != 0) {
            return emptyReads + " event(s) found no byte to read";
        }
        return null;
    }

    /** Closes the poller or selector, then the pipes and idle sources. */
    @Override
    public abstract void close() throws IOException;
}
