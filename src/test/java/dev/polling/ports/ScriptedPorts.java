package dev.polling.ports;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import dev.polling.spi.NativeBuffer;

/**
 * A Mockito-mocked {@link PortsSystem} that records associations and replays scripted
 * {@code port_getn} results: events, an errno, or both (as the kernel may return them).
 */
final class ScriptedPorts {
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

    final PortsSystem sys = mock(PortsSystem.class);
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

    ScriptedPorts() {
        when(sys.portCreate()).thenReturn(PORT);
        when(sys.fcntl(anyInt(), anyInt(), anyInt())).thenReturn(0);
        when(sys.close(anyInt())).thenReturn(0);
        when(sys.portAssociate(anyInt(), anyInt(), anyLong(), anyInt(), anyLong())).thenAnswer(inv -> {
            associations.add(new Association(inv.getArgument(2), inv.getArgument(3), inv.getArgument(4)));
            return associateErrno == 0 ? 0 : -associateErrno;
        });
        when(sys.portDissociate(anyInt(), anyInt(), anyLong())).thenAnswer(inv -> {
            dissociations.add(inv.getArgument(2));
            return dissociateErrno == 0 ? 0 : -dissociateErrno;
        });
        when(sys.portSend(anyInt(), anyInt(), anyLong())).thenAnswer(inv -> {
            sends++;
            return sendErrno == 0 ? 0 : -sendErrno;
        });
        when(sys.portGetn(anyInt(), any(), anyInt(), any(), any())).thenAnswer(inv -> getn(
                inv.getArgument(1), inv.getArgument(2), inv.getArgument(3), inv.getArgument(4)));
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
            return -PortsAbi.ETIME;
        }
        for (int i = 0; i < r.events().length && i < max; i++) {
            Ev e = r.events()[i];
            PortEventLayout.put(list, i, e.events(), e.source(), e.object(), e.user());
        }
        nget.putInt(0, r.nget());
        return r.errno() == 0 ? 0 : -r.errno();
    }
}
