package dev.polling.ports;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import dev.polling.spi.Errno;
import dev.polling.spi.NativeBuffer;
import dev.polling.testsupport.FakeUnixOs;

/**
 * A fake kernel behind {@link PortsOs} that records associations and replays scripted
 * {@code port_getn} results: events, an errno, or both (as the kernel may return them).
 */
final class FakePortsOs extends FakeUnixOs implements PortsOs {
    /** One port_event_t. */
    record Ev(int events, int source, long object, long user) {
    }

    /** One scripted port_getn result: {@code errno} 0 for success; {@code nget} as the kernel leaves it. */
    record Result(int errno, int nget, Ev... events) {
    }

    /** One port_associate call. */
    record Association(long fd, int events, long user) {
    }

    static final int PORT = 40;

    final List<Association> associations = new ArrayList<>();
    final List<Long> dissociations = new ArrayList<>();
    final Deque<Result> results = new ArrayDeque<>();
    final List<long[]> timeouts = new ArrayList<>();
    final List<Integer> maxes = new ArrayList<>();
    final List<Integer> ngetIn = new ArrayList<>();
    int associateErrno;
    int dissociateErrno;
    int sends;
    int sendErrno;

    @Override
    public synchronized int portCreate() {
        record("port_create()");
        int errno = failure("port_create");
        return errno != 0 ? -errno : PORT;
    }

    @Override
    public synchronized int portAssociate(int port, int source, long object, int events, long user) {
        associations.add(new Association(object, events, user));
        return associateErrno == 0 ? 0 : -associateErrno;
    }

    @Override
    public synchronized int portDissociate(int port, int source, long object) {
        dissociations.add(object);
        return dissociateErrno == 0 ? 0 : -dissociateErrno;
    }

    @Override
    public synchronized int portSend(int port, int events, long user) {
        record("port_send(" + port + ", " + events + ", " + user + ")");
        sends++;
        return sendErrno == 0 ? 0 : -sendErrno;
    }

    @Override
    public synchronized int portGetn(int port, NativeBuffer list, int max, NativeBuffer nget, NativeBuffer timeout) {
        return getn(list, max, nget, timeout);
    }

    Association lastAssociation() {
        return associations.get(associations.size() - 1);
    }

    void queue(Result r) {
        results.add(r);
    }

    /** The next wait returns these events normally. */
    void queueEvents(Ev... events) {
        results.add(new Result(0, events.length, events));
    }

    static Ev fd(int fd, int events, long user) {
        return new Ev(events, PortsAbi.PORT_SOURCE_FD, fd, user);
    }

    static Ev wake() {
        return new Ev(PortsAbi.POLLIN, PortsAbi.PORT_SOURCE_USER, 0, EventPortsBackend.WAKE_USER);
    }

    private int getn(NativeBuffer list, int max, NativeBuffer nget, NativeBuffer timeout) {
        timeouts.add(timeout == null ? null : new long[] {timeout.getLong(0), timeout.getLong(8)});
        maxes.add(max);
        ngetIn.add(nget.getInt(0));
        Result r = results.poll();
        if (r == null) {
            nget.putInt(0, 0);
            return -Errno.ETIME;
        }
        for (int i = 0; i < r.events().length && i < max; i++) {
            Ev e = r.events()[i];
            PortEventLayout.put(list, i, e.events(), e.source(), e.object(), e.user());
        }
        nget.putInt(0, r.nget());
        return r.errno() == 0 ? 0 : -r.errno();
    }
}
