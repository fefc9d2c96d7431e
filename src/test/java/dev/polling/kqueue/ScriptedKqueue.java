package dev.polling.kqueue;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.polling.spi.NativeBuffer;

/**
 * A Mockito-mocked {@link KqueueSystem} whose {@code kevent} decodes every change list it is given
 * (with the ABI's layout, at call time), answers receipts with scripted errors, and replays scripted
 * event batches to waits. Lets a test state exactly what the backend submitted and what it saw.
 */
final class ScriptedKqueue {
    /** One decoded kevent record. */
    record Kev(long ident, int filter, int flags, int fflags, long data, long udata) {
    }

    /** One kevent call that carried changes. */
    record Submission(List<Kev> changes, boolean hadEventList, int nevents, long timeoutSeconds, long timeoutNanos,
                      boolean nullTimeout) {
    }

    static final int KQ = 50;
    static final int PIPE_READ = 60;
    static final int PIPE_WRITE = 61;

    final KqueueSystem sys = mock(KqueueSystem.class);
    final KqueueAbi abi;
    final KeventLayout layout;
    final List<Submission> submissions = new ArrayList<>();
    /** Wait calls: the timeout each had ({@code null} for NULL) and its nevents. */
    final List<long[]> waits = new ArrayList<>();
    final List<Integer> waitCapacities = new ArrayList<>();
    final Deque<Object> batches = new ArrayDeque<>();
    /** Receipt errno per (filter, flags containing this bit) → errno; looked up by filter then by ident. */
    final Map<String, Integer> receiptErrors = new HashMap<>();
    int triggerResult;
    int triggers;
    int pipeWrites;
    int pipeBytes;

    ScriptedKqueue(KqueueAbi abi) {
        this.abi = abi;
        this.layout = abi.layout;
        when(sys.kqueue()).thenReturn(KQ);
        when(sys.fcntl(anyInt(), anyInt(), anyInt())).thenReturn(0);
        when(sys.close(anyInt())).thenReturn(0);
        when(sys.pipe(any())).thenAnswer(inv -> {
            int[] fds = inv.getArgument(0);
            fds[0] = PIPE_READ;
            fds[1] = PIPE_WRITE;
            return 0;
        });
        when(sys.write(anyInt(), any(), anyInt())).thenAnswer(inv -> {
            pipeWrites++;
            pipeBytes++;
            return 1;
        });
        when(sys.read(anyInt(), any(), anyInt())).thenAnswer(inv -> {
            int n = Math.min(pipeBytes, inv.<Integer>getArgument(2));
            pipeBytes -= n;
            return n == 0 ? -11 : n; // EAGAIN when empty
        });
        when(sys.kevent(anyInt(), any(), anyInt(), any(), anyInt(), any())).thenAnswer(inv -> kevent(
                inv.getArgument(1), inv.getArgument(2), inv.getArgument(3), inv.getArgument(4), inv.getArgument(5)));
    }

    /** The receipt for a change on {@code filter} and {@code ident} will carry {@code errno}. */
    void failChange(int filter, long ident, int errno) {
        receiptErrors.put(filter + "/" + ident, errno);
    }

    /** The next wait returns these events. */
    void queueEvents(Kev... events) {
        batches.add(events);
    }

    /** The next wait fails with {@code errno}. */
    void queueError(int errno) {
        batches.add(errno);
    }

    Kev read(int fd, long udata) {
        return new Kev(fd, abi.evfiltRead, 0, 0, 1, udata);
    }

    Kev readEof(int fd, long udata) {
        return new Kev(fd, abi.evfiltRead, KqueueAbi.EV_EOF, 0, 0, udata);
    }

    Kev write(int fd, long udata) {
        return new Kev(fd, abi.evfiltWrite, 0, 0, 512, udata);
    }

    Kev writeEof(int fd, long udata) {
        return new Kev(fd, abi.evfiltWrite, KqueueAbi.EV_EOF, 0, 0, udata);
    }

    Kev userWake() {
        return new Kev(0, abi.evfiltUser, KqueueAbi.EV_CLEAR, 0, 0, 0);
    }

    /** The changes of the last submission. */
    List<Kev> lastChanges() {
        return submissions.get(submissions.size() - 1).changes();
    }

    private int kevent(NativeBuffer changes, int nchanges, NativeBuffer events, int nevents, NativeBuffer timeout) {
        if (nchanges > 0) {
            List<Kev> list = new ArrayList<>();
            for (int i = 0; i < nchanges; i++) {
                list.add(decode(changes, i));
            }
            boolean trigger = nchanges == 1 && (list.get(0).fflags() & KqueueAbi.NOTE_TRIGGER) != 0;
            if (trigger) {
                triggers++;
                if (triggerResult != 0) {
                    return triggerResult;
                }
            }
            submissions.add(new Submission(list, events != null, nevents,
                    timeout == null ? -1 : timeout.getLong(0), timeout == null ? -1 : timeout.getLong(8), timeout == null));
            if (events == null || nevents == 0) {
                return 0;
            }
            int n = Math.min(nchanges, nevents);
            for (int i = 0; i < n; i++) {
                Kev c = list.get(i);
                Integer errno = receiptErrors.get(c.filter() + "/" + c.ident());
                layout.put(events, i, c.ident(), c.filter(), c.flags() | KqueueAbi.EV_ERROR, 0, errno == null ? 0 : errno, c.udata());
            }
            return n;
        }
        waits.add(timeout == null ? null : new long[] {timeout.getLong(0), timeout.getLong(8)});
        waitCapacities.add(nevents);
        Object next = batches.poll();
        if (next == null) {
            return 0;
        }
        if (next instanceof Integer errno) {
            return -errno;
        }
        Kev[] batch = (Kev[]) next;
        int n = Math.min(batch.length, nevents);
        for (int i = 0; i < n; i++) {
            Kev e = batch[i];
            layout.put(events, i, e.ident(), e.filter(), e.flags(), e.fflags(), e.data(), e.udata());
        }
        return n;
    }

    private Kev decode(NativeBuffer b, int i) {
        return new Kev(layout.ident(b, i), layout.filter(b, i), layout.flags(b, i), layout.fflags(b, i), layout.data(b, i),
                layout.udata(b, i));
    }
}
