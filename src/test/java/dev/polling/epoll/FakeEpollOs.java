package dev.polling.epoll;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

import dev.polling.spi.NativeBuffer;
import dev.polling.testsupport.FakeUnixOs;

/**
 * A fake kernel behind {@link EpollOs}: records each {@code epoll_ctl} as the kernel would read it,
 * answers each wait with the events a test scripted, and gives out {@link #EPFD} and
 * {@link #EVENTFD}. Errors are returned as {@code -errno}, as the real bindings do.
 */
final class FakeEpollOs extends FakeUnixOs implements EpollOs {
    static final int EPFD = 5;
    static final int EVENTFD = 6;

    /** One {@code epoll_ctl} call as the kernel would have read it. */
    record Ctl(int op, int fd, int events, long data) {
    }

    /** One wait: how many events it asked for, and its timeout (ms; -2 for epoll_pwait2). */
    record Wait(int max, int timeoutMillis, NativeBuffer buffer) {
    }

    final List<Ctl> ctls = new ArrayList<>();
    final List<Wait> waits = new ArrayList<>();
    /** The {tv_sec, tv_nsec, ctls so far} of each epoll_pwait2 call. */
    final List<long[]> pwait2Calls = new ArrayList<>();
    private final EpollEventLayout layout;
    /** Non-zero: every epoll_ctl fails with this errno. */
    int ctlErrno;
    /** If set, runs before each epoll_ctl; a non-zero result fails it with that errno. */
    IntSupplier onCtl;
    /** Non-zero: eventfd fails with this errno. */
    int eventfdErrno;
    /** Non-zero: every epoll_wait fails with this errno. */
    int waitErrno;
    /** Non-zero: every epoll_pwait2 fails with this errno (ENOSYS: an old kernel or C library). */
    int pwait2Errno;
    private int[] readyEvents = new int[0];
    private long[] readyTags = new long[0];

    FakeEpollOs(EpollEventLayout layout) {
        this.layout = layout;
    }

    /** Every wait from now on fills the array with these events. */
    void kernelReturns(int[] events, long[] tags) {
        readyEvents = events.clone();
        readyTags = tags.clone();
    }

    /** The last epoll_ctl. */
    Ctl lastCtl() {
        return ctls.get(ctls.size() - 1);
    }

    /** How many waits asked for {@code max} events with {@code timeoutMillis}. */
    long waitCount(int max, int timeoutMillis) {
        return waits.stream().filter(w -> w.max() == max && w.timeoutMillis() == timeoutMillis).count();
    }

    @Override
    public synchronized int epollCreate1(int flags) {
        record("epoll_create1(" + flags + ")");
        int errno = failure("epoll_create1");
        return errno != 0 ? -errno : EPFD;
    }

    @Override
    public synchronized int epollCtl(int epfd, int op, int fd, NativeBuffer event) {
        int events = event == null ? 0 : event.getInt(EpollEventLayout.EVENTS_OFFSET);
        long data = event == null ? 0 : event.getLong(layout.dataOffset());
        ctls.add(new Ctl(op, fd, events, data));
        int hooked = onCtl == null ? 0 : onCtl.getAsInt();
        if (hooked != 0) {
            return -hooked;
        }
        return ctlErrno != 0 ? -ctlErrno : 0;
    }

    @Override
    public synchronized int epollWait(int epfd, NativeBuffer events, int maxEvents, int timeoutMillis) {
        waits.add(new Wait(maxEvents, timeoutMillis, events));
        return waitErrno != 0 ? -waitErrno : fill(events, maxEvents);
    }

    @Override
    public synchronized int epollPwait2(int epfd, NativeBuffer events, int maxEvents, NativeBuffer timeout) {
        waits.add(new Wait(maxEvents, -2, events));
        pwait2Calls.add(new long[] {timeout.getLong(0), timeout.getLong(8), ctls.size()});
        return pwait2Errno != 0 ? -pwait2Errno : fill(events, maxEvents);
    }

    private int fill(NativeBuffer events, int max) {
        int n = Math.min(max, readyEvents.length);
        for (int i = 0; i < n; i++) {
            long at = (long) i * layout.size();
            events.putInt(at + EpollEventLayout.EVENTS_OFFSET, readyEvents[i]);
            events.putLong(at + layout.dataOffset(), readyTags[i]);
        }
        return n;
    }

    @Override
    public synchronized int eventfd(int initval, int flags) {
        record("eventfd(" + initval + ", " + flags + ")");
        return eventfdErrno != 0 ? -eventfdErrno : EVENTFD;
    }

    @Override
    protected int writeOther(int fd, NativeBuffer buf, int count) {
        return fd == EVENTFD ? count : super.writeOther(fd, buf, count);
    }
}
