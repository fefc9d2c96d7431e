package dev.polling.testsupport;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.polling.spi.Errno;
import dev.polling.spi.FileFlags;
import dev.polling.spi.NativeBuffer;
import dev.polling.spi.UnixOs;

/**
 * The one fake-kernel style of the backend tests: a hand-written {@link UnixOs} that each backend's
 * fake ({@code FakeEpollOs}, {@code FakePollOs}, {@code FakeKqueueOs}, {@code FakePortsOs}) extends
 * with its own calls. Memory is {@link HeapBuffer}; pipes are byte counts; descriptors come from a
 * counter; every call is recorded, and a test makes any call fail with {@link #failNext}.
 *
 * <p>Numbers follow this OS ({@link Errno}, {@link FileFlags}), as the real binding's would. Not
 * thread-safe beyond what the tests need: calls are {@code synchronized}.
 */
public abstract class FakeUnixOs implements UnixOs {
    /** Every call made, as {@code "name(args)"}, in order. */
    public final List<String> calls = new ArrayList<>();
    /** Descriptors the fake considers not open: fcntl fails with EBADF. */
    public final Set<Integer> closedFds = new HashSet<>();
    /** Bytes sitting in each pipe, by read end. */
    public final Map<Integer, Integer> pipeBytes = new HashMap<>();
    /** The read end of each pipe, by write end. */
    public final Map<Integer, Integer> pipeOf = new HashMap<>();
    /** Descriptors passed to close, in order. */
    public final List<Integer> closes = new ArrayList<>();
    /** Bytes written to each descriptor, in order of writes: {fd, count}. */
    public final List<int[]> writes = new ArrayList<>();
    /** Each read: {fd, count asked}. */
    public final List<int[]> reads = new ArrayList<>();
    /** The next descriptor number the fake hands out. */
    public int nextFd = 20;
    /** Whether {@code pipe2} exists (else -ENOSYS). */
    public boolean hasPipe2 = true;
    private final Map<String, Integer> failures = new HashMap<>();

    /** Makes the next call named {@code call} (e.g. "close", "epoll_ctl") return {@code -errno}. */
    public synchronized void failNext(String call, int errno) {
        failures.put(call, errno);
    }

    /** The errno a scripted failure of {@code call} asks for, consumed; 0 if none. */
    protected synchronized int failure(String call) {
        Integer errno = failures.remove(call);
        return errno == null ? 0 : errno;
    }

    /** Records a call. */
    protected synchronized void record(String call) {
        calls.add(call);
    }

    /** How many recorded calls start with {@code prefix}. */
    public synchronized long count(String prefix) {
        return calls.stream().filter(c -> c.startsWith(prefix)).count();
    }

    @Override
    public NativeBuffer allocate(long size) {
        return HeapBuffer.allocate(size);
    }

    @Override
    public synchronized int pipe(NativeBuffer fds) {
        record("pipe()");
        int errno = failure("pipe");
        return errno != 0 ? -errno : newPipe(fds);
    }

    @Override
    public synchronized int pipe2(NativeBuffer fds, int flags) {
        record("pipe2(" + flags + ")");
        if (!hasPipe2) {
            return -Errno.ENOSYS;
        }
        int errno = failure("pipe2");
        return errno != 0 ? -errno : newPipe(fds);
    }

    private int newPipe(NativeBuffer fds) {
        int read = nextFd++;
        int write = nextFd++;
        fds.putInt(0, read);
        fds.putInt(4, write);
        pipeBytes.put(read, 0);
        pipeOf.put(write, read);
        return 0;
    }

    @Override
    public synchronized int fcntl(int fd, int cmd, int arg) {
        record("fcntl(" + fd + ", " + cmd + ", " + arg + ")");
        int errno = failure("fcntl");
        if (errno != 0) {
            return -errno;
        }
        return closedFds.contains(fd) ? -Errno.EBADF : 0;
    }

    @Override
    public synchronized int read(int fd, NativeBuffer buf, int count) {
        record("read(" + fd + ", " + count + ")");
        reads.add(new int[] {fd, count});
        int errno = failure("read");
        if (errno != 0) {
            return -errno;
        }
        Integer bytes = pipeBytes.get(fd);
        if (bytes == null) {
            return readOther(fd, buf, count);
        }
        if (bytes == 0) {
            return -Errno.EAGAIN;
        }
        int n = Math.min(bytes, count);
        pipeBytes.put(fd, bytes - n);
        return n;
    }

    /** A read of a descriptor that is no pipe of this fake: EBADF unless a subclass knows it. */
    protected int readOther(int fd, NativeBuffer buf, int count) {
        return -Errno.EBADF;
    }

    @Override
    public synchronized int write(int fd, NativeBuffer buf, int count) {
        record("write(" + fd + ", " + count + ")");
        writes.add(new int[] {fd, count});
        int errno = failure("write");
        if (errno != 0) {
            return -errno;
        }
        Integer readEnd = pipeOf.get(fd);
        if (readEnd != null) {
            pipeBytes.merge(readEnd, count, Integer::sum);
            return count;
        }
        return writeOther(fd, buf, count);
    }

    /** A write to a descriptor that is no pipe of this fake: EBADF unless a subclass knows it. */
    protected int writeOther(int fd, NativeBuffer buf, int count) {
        return -Errno.EBADF;
    }

    @Override
    public synchronized int close(int fd) {
        record("close(" + fd + ")");
        closes.add(fd);
        int errno = failure("close");
        return errno != 0 ? -errno : 0;
    }

    /** How many times {@code fd} was closed. */
    public synchronized long closeCount(int fd) {
        return closes.stream().filter(c -> c == fd).count();
    }

    /** How many writes went to {@code fd}. */
    public synchronized long writeCount(int fd) {
        return writes.stream().filter(w -> w[0] == fd).count();
    }
}
