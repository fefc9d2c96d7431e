package dev.polling.kqueue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.polling.spi.NativeBuffer;
import dev.polling.testsupport.FakeUnixOs;

/**
 * A fake kernel behind {@link KqueueOs} whose {@code kevent} decodes every change list it is given
 * (with the ABI's layout, at call time), answers receipts with scripted errors, and replays scripted
 * event batches to waits. Lets a test state exactly what the backend submitted and what it saw. The
 * wake-up pipe, where there is one, is the shared fake's ({@link #PIPE_READ}, {@link #PIPE_WRITE}).
 */
final class FakeKqueueOs extends FakeUnixOs implements KqueueOs {
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

    FakeKqueueOs(KqueueAbi abi) {
        this.abi = abi;
        this.layout = abi.layout();
        nextFd = PIPE_READ;
    }

    /** Bytes written to the wake-up pipe so far. */
    long pipeWrites() {
        return writeCount(PIPE_WRITE);
    }

    /** Bytes waiting in the wake-up pipe. */
    int pipeBytes() {
        return pipeBytes.getOrDefault(PIPE_READ, 0);
    }

    @Override
    public synchronized int kqueue() {
        record("kqueue()");
        int errno = failure("kqueue");
        return errno != 0 ? -errno : KQ;
    }

    @Override
    public synchronized int kevent(int kq, NativeBuffer changes, int nchanges, NativeBuffer events, int nevents,
                                   NativeBuffer timeout) {
        int errno = failure("kevent");
        if (errno != 0) {
            return -errno;
        }
        return kevent(changes, nchanges, events, nevents, timeout);
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
