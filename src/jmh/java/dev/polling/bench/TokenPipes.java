package dev.polling.bench;

import java.io.Closeable;
import java.io.IOException;

import dev.polling.Event;
import dev.polling.PollMode;
import dev.polling.Poller;

/**
 * The ring's N non-blocking pipes, seen the same way whether they are raw descriptors or JDK
 * channels: register a read end, re-arm it, move tokens (bytes) through. Nothing here allocates
 * after construction.
 */
interface TokenPipes extends Closeable {
    /** The most bytes one draining {@link #read} takes; more than any ring here has tokens, so one read drains a pipe. */
    int MAX_READ = 4096;

    /** How many pipes. */
    int size();

    /** Registers the read end of pipe {@code i}. */
    void add(Poller poller, int i, Event interest, PollMode mode) throws IOException;

    /** Re-arms the read end of pipe {@code i} (oneshot). */
    void rearm(Poller poller, int i, Event interest) throws IOException;

    /** Removes the read end of pipe {@code i}. */
    void delete(Poller poller, int i) throws IOException;

    /**
     * Reads one byte from pipe {@code i}, or with {@code drain} up to {@link #MAX_READ}; returns
     * how many were read, 0 if none was there.
     */
    int read(int i, boolean drain) throws IOException;

    /** Writes {@code count} (1..{@link #MAX_READ}) bytes into pipe {@code i}. */
    void write(int i, int count) throws IOException;

    /** Reads every pipe empty and returns how many bytes were there: the tokens, for the check. */
    long drainAll() throws IOException;

    /** What these pipes are, for reports. */
    String describe();
}
