package dev.polling.bench;

import java.io.IOException;

import dev.polling.Event;
import dev.polling.PollMode;
import dev.polling.Poller;
import jnr.ffi.LastError;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * N pipes made by {@code pipe2(O_NONBLOCK|O_CLOEXEC)} and moved with plain {@code read}/{@code write}
 * of native memory, registered through the poller's raw-descriptor API: the C reference's loop,
 * call for call.
 */
final class RawPipes implements TokenPipes {
    private final Posix libc = Posix.libc();
    private final int[] readFds;
    private final int[] writeFds;
    /** Kept so the native buffer is not freed while {@link #buffer} points into it. */
    private final Pointer memory;
    private final long buffer;

    RawPipes(int n) throws IOException {
        readFds = new int[n];
        writeFds = new int[n];
        memory = Memory.allocateDirect(Runtime.getRuntime(libc), MAX_READ);
        for (int i = 0; i < MAX_READ; i++) {
            memory.putByte(i, (byte) 'x');
        }
        buffer = memory.address();
        int[] fds = new int[2];
        for (int i = 0; i < n; i++) {
            if (libc.pipe2(fds, Posix.O_NONBLOCK | Posix.O_CLOEXEC) < 0) {
                int errno = LastError.getLastError(Runtime.getRuntime(libc));
                closeFirst(i);
                throw new IOException("pipe2 failed for pipe " + i + " of " + n + ": errno " + errno
                        + " (N pipes need 2N descriptors: raise ulimit -n?)");
            }
            readFds[i] = fds[0];
            writeFds[i] = fds[1];
        }
    }

    @Override
    public int size() {
        return readFds.length;
    }

    @Override
    public void add(Poller poller, int i, Event interest, PollMode mode) throws IOException {
        poller.add(readFds[i], interest, mode);
    }

    @Override
    public void rearm(Poller poller, int i, Event interest) throws IOException {
        poller.modify(readFds[i], interest);
    }

    @Override
    public void delete(Poller poller, int i) throws IOException {
        poller.delete(readFds[i]);
    }

    @Override
    public int read(int i, boolean drain) {
        long n = libc.read(readFds[i], buffer, drain ? MAX_READ : 1);
        return n > 0 ? (int) n : 0;
    }

    @Override
    public void write(int i, int count) throws IOException {
        if (libc.write(writeFds[i], buffer, count) != count) {
            throw new IOException("write of " + count + " byte(s) into pipe " + i + " failed");
        }
    }

    @Override
    public long drainAll() {
        long total = 0;
        for (int i = 0; i < readFds.length; i++) {
            long n;
            while ((n = libc.read(readFds[i], buffer, MAX_READ)) > 0) {
                total += n;
            }
        }
        return total;
    }

    @Override
    public String describe() {
        return "raw pipe2 descriptors";
    }

    @Override
    public void close() {
        closeFirst(readFds.length);
    }

    private void closeFirst(int count) {
        for (int i = 0; i < count; i++) {
            libc.close(readFds[i]);
            libc.close(writeFds[i]);
        }
    }
}
