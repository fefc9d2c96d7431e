package dev.polling.conformance;

import java.io.IOException;
import java.nio.channels.Pipe;
import java.nio.channels.SelectableChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * How the conformance suite makes sources and changes their readiness: the one seam between the
 * tests and the world that produces events.
 *
 * <p>{@link RealIoSourceKit}, the default, does real I/O on JDK channels (pipes, loopback
 * sockets), which is what every OS backend is judged by. A poller that is not driven by the OS
 * (the mock) supplies its own kit that still hands out real, non-blocking JDK channels as
 * sources but makes them "ready" by firing them through its own driver. A kit method that a
 * backend cannot honour (a mock has no real {@code connect}) calls
 * {@link org.junit.jupiter.api.Assumptions#abort(String)} with the reason, which reports the test
 * as skipped, never passed.
 *
 * <p>Every channel and peer a kit hands out is its own: {@link #close()} closes all of them.
 * Channels are always in non-blocking mode. Used from the test thread and the threads it starts
 * (implementations must be thread-safe for that).
 */
public interface SourceKit extends AutoCloseable {
    /**
     * A new pipe. Tests register its {@link Pipe#source() source} (the read end) and drive it with
     * {@link #makeReadable}, {@link #drain} and {@link #hangUp}; they register its
     * {@link Pipe#sink() sink} for writability.
     */
    Pipe newPipe() throws IOException;

    /**
     * The read end of a new pipe whose descriptor number is {@code fd} (the number of a source
     * closed just before), or {@code null} if the OS did not hand that number out again.
     */
    Pipe newPipeOnDescriptor(int fd) throws IOException;

    /** Two connected stream sockets; each is writable at once and the other's peer. */
    SocketChannel[] newConnectedPair() throws IOException;

    /** A listening server socket on the loopback interface. */
    ServerSocketChannel newListener() throws IOException;

    /** A socket whose non-blocking connect to {@code listener} has been started (it may already be done). */
    SocketChannel startConnect(ServerSocketChannel listener) throws IOException;

    /** A socket whose non-blocking connect to a port that nothing listens on has been started: it will fail. */
    SocketChannel startRefusedConnect() throws IOException;

    /** Makes {@code source} readable by a new arrival of data (a new readiness, for edge mode). */
    void makeReadable(SelectableChannel source) throws IOException;

    /** Consumes everything readable on {@code source}, so that it is no longer readable. */
    void drain(SelectableChannel source) throws IOException;

    /** Closes {@code source}'s peer: the source sees end-of-stream (a pipe's sink sees a broken pipe). */
    void hangUp(SelectableChannel source) throws IOException;

    /** Closes {@code socket}'s peer abruptly (SO_LINGER 0), after sending data it will not read: a reset. */
    void reset(SocketChannel socket) throws IOException;

    /** Writes into {@code sink} until a write would block, so that it is no longer writable. */
    void fillUntilBlocked(SelectableChannel sink) throws IOException;

    /** The OS descriptor of {@code channel}, for the raw-descriptor tests. */
    int descriptorOf(SelectableChannel channel) throws IOException;

    /** Closes every channel and peer this kit made. */
    @Override
    void close() throws IOException;
}
