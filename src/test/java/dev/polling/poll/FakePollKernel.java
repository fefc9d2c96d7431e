package dev.polling.poll;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.kenai.jffi.MemoryIO;

/**
 * A scripted kernel behind a mocked {@link PollSyscalls}, for the backend's unit tests: it reads
 * the real pollfd array the backend hands to {@code poll}, answers from the readiness the test
 * set, keeps a byte count for the wake pipe, and records every call. Linux numbering.
 */
final class FakePollKernel {
    static final int WAKE_READ = 100;
    static final int WAKE_WRITE = 101;
    static final PollAbi ABI = PollAbi.LINUX;
    private static final MemoryIO IO = MemoryIO.getInstance();

    final PollSyscalls sys = mock(PollSyscalls.class);
    /** What each descriptor is ready for, as POLL* bits (POLLHUP/POLLERR reported unasked). */
    final Map<Integer, Integer> ready = new HashMap<>();
    /** Descriptors that are not open: poll reports POLLNVAL, fcntl fails with EBADF. */
    final Set<Integer> closed = new HashSet<>();
    /** Each poll call: the entries passed ({fd, events}) and the timeout. */
    final List<int[][]> entries = new ArrayList<>();
    final List<Integer> timeouts = new ArrayList<>();
    int pipeBytes;
    int wakeWrites;
    int drainReads;
    /** Run once inside the next poll call: what another thread does while the poll is blocked. */
    Runnable duringNextPoll;
    /** If set, the next poll fails with this errno. */
    int failNextPollWith;
    private int errno;

    FakePollKernel() {
        doAnswer(inv -> {
            int[] fds = inv.getArgument(0);
            fds[0] = WAKE_READ;
            fds[1] = WAKE_WRITE;
            return 0;
        }).when(sys).pipe2(any(), anyInt());
        doAnswer(inv -> {
            int fd = inv.getArgument(0);
            return fail(closed.contains(fd), 9, 0);
        }).when(sys).fcntl(anyInt(), anyInt(), anyInt());
        doAnswer(inv -> {
            if ((int) inv.getArgument(0) != WAKE_WRITE) {
                return fail(true, 9, 0);
            }
            pipeBytes++;
            wakeWrites++;
            return 1;
        }).when(sys).write(anyInt(), anyLong(), anyInt());
        doAnswer(inv -> {
            drainReads++;
            int count = inv.getArgument(2);
            if (pipeBytes == 0) {
                return fail(true, ABI.eagain, 0);
            }
            int n = Math.min(count, pipeBytes);
            pipeBytes -= n;
            return n;
        }).when(sys).read(anyInt(), anyLong(), anyInt());
        doAnswer(inv -> poll(inv.getArgument(0), inv.getArgument(1), inv.getArgument(2)))
                .when(sys).poll(anyLong(), anyInt(), anyInt());
        doAnswer(inv -> errno).when(sys).errno();
        doAnswer(inv -> "error " + inv.getArgument(0)).when(sys).strerror(anyInt());
    }

    private int fail(boolean failed, int errnoIfFailed, int success) {
        if (failed) {
            errno = errnoIfFailed;
            return -1;
        }
        return success;
    }

    private int poll(long address, int nfds, int timeout) {
        timeouts.add(timeout);
        int[][] passed = new int[nfds][];
        for (int i = 0; i < nfds; i++) {
            passed[i] = new int[] {fd(address, i), IO.getShort(address + i * 8L + 4)};
        }
        entries.add(passed);
        if (duringNextPoll != null) {
            Runnable action = duringNextPoll;
            duringNextPoll = null;
            action.run();
        }
        if (failNextPollWith != 0) {
            int e = failNextPollWith;
            failNextPollWith = 0;
            return fail(true, e, 0);
        }
        int marked = 0;
        for (int i = 0; i < nfds; i++) {
            int fd = passed[i][0];
            int events = passed[i][1];
            int revents = 0;
            if (fd == WAKE_READ) {
                revents = pipeBytes > 0 ? ABI.pollIn & events : 0;
            } else if (closed.contains(fd)) {
                revents = ABI.pollNval;
            } else if (fd >= 0) {
                revents = ready.getOrDefault(fd, 0) & (events | ABI.pollHup | ABI.pollErr);
            }
            IO.putShort(address + i * 8L + 6, (short) revents);
            if (revents != 0) {
                marked++;
            }
        }
        return marked;
    }

    private static int fd(long address, int i) {
        return IO.getInt(address + i * 8L);
    }

    /** The entries of the last poll call, as {fd, events} pairs. */
    int[][] lastEntries() {
        return entries.get(entries.size() - 1);
    }

    /** The descriptors of the last poll call, wake pipe first. */
    List<Integer> lastFds() {
        List<Integer> fds = new ArrayList<>();
        for (int[] entry : lastEntries()) {
            fds.add(entry[0]);
        }
        return fds;
    }
}
