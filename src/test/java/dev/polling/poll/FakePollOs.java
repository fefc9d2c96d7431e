package dev.polling.poll;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.polling.spi.NativeBuffer;
import dev.polling.testsupport.FakeUnixOs;

/**
 * A fake kernel behind {@link PollOs}, for the backend's unit tests: it reads the pollfd array the
 * backend hands to {@code poll}, answers from the readiness the test set, keeps the wake pipe's
 * bytes (the shared {@link FakeUnixOs} pipe) and records every call. Linux numbering.
 */
final class FakePollOs extends FakeUnixOs implements PollOs {
    static final int WAKE_READ = 100;
    static final int WAKE_WRITE = 101;
    static final PollAbi ABI = PollAbi.LINUX;

    /** What each descriptor is ready for, as POLL* bits (POLLHUP/POLLERR reported unasked). */
    final Map<Integer, Integer> ready = new HashMap<>();
    /** Descriptors that are not open: poll reports POLLNVAL, fcntl fails with EBADF. */
    final Set<Integer> closed = closedFds;
    /** Each poll call: the entries passed ({fd, events}) and the timeout. */
    final List<int[][]> entries = new ArrayList<>();
    final List<Integer> timeouts = new ArrayList<>();
    /** Run once inside the next poll call: what another thread does while the poll is blocked. */
    Runnable duringNextPoll;
    /** If set, the next poll fails with this errno. */
    int failNextPollWith;

    FakePollOs() {
        nextFd = WAKE_READ; // the wake pipe is the first pipe: 100 and 101
    }

    /** Bytes waiting in the wake pipe. */
    int pipeBytes() {
        return pipeBytes.getOrDefault(WAKE_READ, 0);
    }

    /** Bytes written to the wake pipe so far. */
    long wakeWrites() {
        return writeCount(WAKE_WRITE);
    }

    @Override
    public int poll(NativeBuffer fds, int nfds, int timeout) {
        Runnable action;
        synchronized (this) {
            record("poll(" + nfds + ", " + timeout + ")");
            timeouts.add(timeout);
            int[][] passed = new int[nfds][];
            for (int i = 0; i < nfds; i++) {
                passed[i] = new int[] {fds.getInt(i * 8L + PollFdArray.FD), fds.getShort(i * 8L + PollFdArray.EVENTS)};
            }
            entries.add(passed);
            action = duringNextPoll;
            duringNextPoll = null;
        }
        if (action != null) {
            action.run(); // outside the lock: another thread's registration
        }
        synchronized (this) {
            if (failNextPollWith != 0) {
                int e = failNextPollWith;
                failNextPollWith = 0;
                return -e;
            }
            int[][] passed = lastEntries();
            int marked = 0;
            for (int i = 0; i < nfds; i++) {
                int fd = passed[i][0];
                int events = passed[i][1];
                int revents = 0;
                if (fd == WAKE_READ) {
                    revents = pipeBytes() > 0 ? ABI.pollIn & events : 0;
                } else if (closed.contains(fd)) {
                    revents = ABI.pollNval;
                } else if (fd >= 0) {
                    revents = ready.getOrDefault(fd, 0) & (events | ABI.pollHup | ABI.pollErr);
                }
                fds.putShort(i * 8L + PollFdArray.REVENTS, (short) revents);
                if (revents != 0) {
                    marked++;
                }
            }
            return marked;
        }
    }

    /** The entries of the last poll call, as {fd, events} pairs. */
    synchronized int[][] lastEntries() {
        return entries.get(entries.size() - 1);
    }

    /** The descriptors of the last poll call, wake pipe first. */
    synchronized List<Integer> lastFds() {
        List<Integer> fds = new ArrayList<>();
        for (int[] entry : lastEntries()) {
            fds.add(entry[0]);
        }
        return fds;
    }
}
