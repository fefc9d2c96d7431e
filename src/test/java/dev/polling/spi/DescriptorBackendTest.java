package dev.polling.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.polling.Backend;
import dev.polling.PollMode;

/** The registration rules every descriptor backend inherits, checked on a fake that records OS calls. */
class DescriptorBackendTest {
    private final RecordingBackend backend = new RecordingBackend();
    private final List<Pipe> pipes = new ArrayList<>();

    @AfterEach
    void tearDown() throws IOException {
        for (Pipe p : pipes) {
            p.source().close();
            p.sink().close();
        }
    }

    @Test
    void shouldRegisterChannelByItsDescriptor() throws IOException {
        Pipe.SourceChannel ch = newSource();
        int fd = ChannelDescriptors.descriptorOf(ch);
        backend.add(ch, 7, Interest.READABLE, PollMode.ONESHOT);
        backend.modify(ch, 8, Interest.BOTH, PollMode.LEVEL);
        backend.delete(ch);

        assertEquals(List.of("register " + fd + " key 7 interest 1 ONESHOT",
                "reregister " + fd + " key 8 interest 3 LEVEL",
                "deregister " + fd + " closed=false"), backend.calls);
        assertEquals(0, backend.count());
    }

    @Test
    void shouldRejectChannelAddedTwiceWithoutOsCall() throws IOException {
        Pipe.SourceChannel ch = newSource();
        backend.add(ch, 1, Interest.READABLE, PollMode.ONESHOT);
        backend.calls.clear();

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> backend.add(ch, 2, Interest.READABLE, PollMode.ONESHOT));
        assertTrue(e.getMessage().contains("already registered"), e.getMessage());
        assertEquals(List.of(), backend.calls);
        assertEquals(1, backend.count());
    }

    @Test
    void shouldRejectUnknownChannelOnModifyAndDelete() throws IOException {
        Pipe.SourceChannel ch = newSource();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> backend.modify(ch, 1, Interest.READABLE, PollMode.ONESHOT));
        assertTrue(e.getMessage().contains("not registered"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> backend.delete(ch));

        backend.add(ch, 1, Interest.READABLE, PollMode.ONESHOT);
        backend.delete(ch);
        assertThrows(IllegalStateException.class, () -> backend.delete(ch), "deleted twice");
        assertEquals(2, backend.calls.size(), backend.calls.toString()); // register + deregister only: no OS call for the mistakes
    }

    @Test
    void shouldRejectClosedChannelOnAddAndModify() throws IOException {
        Pipe.SourceChannel neverAdded = newSource();
        neverAdded.close();
        assertThrows(ClosedChannelException.class, () -> backend.add(neverAdded, 1, Interest.READABLE, PollMode.ONESHOT));

        Pipe.SourceChannel added = newSource();
        backend.add(added, 2, Interest.READABLE, PollMode.ONESHOT);
        added.close();
        assertThrows(ClosedChannelException.class, () -> backend.modify(added, 2, Interest.READABLE, PollMode.ONESHOT));
    }

    @Test
    void shouldDeleteChannelClosedWhileRegisteredAsSourceClosed() throws IOException {
        Pipe.SourceChannel ch = newSource();
        int fd = ChannelDescriptors.descriptorOf(ch);
        backend.add(ch, 1, Interest.READABLE, PollMode.ONESHOT);
        ch.close();

        backend.delete(ch);
        assertEquals("deregister " + fd + " closed=true", backend.last());
        assertThrows(IllegalStateException.class, () -> backend.delete(ch));
    }

    @Test
    void shouldReplaceStaleClosedChannelOnReusedDescriptor() throws IOException {
        Pipe.SourceChannel old = newSource();
        int fd = ChannelDescriptors.descriptorOf(old);
        backend.add(old, 1, Interest.READABLE, PollMode.ONESHOT);
        old.close();

        Pipe.SourceChannel reuse = newSourceOn(fd);
        backend.calls.clear();
        backend.add(reuse, 2, Interest.READABLE, PollMode.ONESHOT);

        assertEquals(List.of("deregister " + fd + " closed=true", "register " + fd + " key 2 interest 1 ONESHOT"),
                backend.calls);
        assertEquals(1, backend.count());
        assertThrows(IllegalStateException.class, () -> backend.delete(old), "the stale owner is gone");
        backend.delete(reuse);
    }

    @Test
    void shouldRegisterRawDescriptors() throws IOException {
        backend.add(5, 1, Interest.WRITABLE, PollMode.ONESHOT);
        backend.modify(5, 2, Interest.READABLE, PollMode.ONESHOT);
        backend.delete(5);
        assertEquals(List.of("register 5 key 1 interest 2 ONESHOT", "reregister 5 key 2 interest 1 ONESHOT",
                "deregister 5 closed=false"), backend.calls);
        assertTrue(backend.supportsRawDescriptors());
    }

    @Test
    void shouldRejectRawDescriptorMistakes() throws IOException {
        assertThrows(IllegalArgumentException.class, () -> backend.add(-1, 1, Interest.READABLE, PollMode.ONESHOT));
        assertThrows(IllegalArgumentException.class, () -> backend.modify(-1, 1, Interest.READABLE, PollMode.ONESHOT));
        assertThrows(IllegalArgumentException.class, () -> backend.delete(-1));
        assertThrows(IllegalStateException.class, () -> backend.modify(5, 1, Interest.READABLE, PollMode.ONESHOT));
        assertThrows(IllegalStateException.class, () -> backend.delete(5));

        backend.add(5, 1, Interest.READABLE, PollMode.ONESHOT);
        IllegalStateException twice = assertThrows(IllegalStateException.class,
                () -> backend.add(5, 1, Interest.READABLE, PollMode.ONESHOT));
        assertTrue(twice.getMessage().contains("descriptor 5"), twice.getMessage());
        assertEquals(1, backend.calls.size());
    }

    @Test
    void shouldKeepChannelAndRawViewsOfOneDescriptorApart() throws IOException {
        Pipe.SourceChannel ch = newSource();
        int fd = ChannelDescriptors.descriptorOf(ch);
        backend.add(fd, 1, Interest.READABLE, PollMode.ONESHOT);

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> backend.add(ch, 2, Interest.READABLE, PollMode.ONESHOT));
        assertTrue(e.getMessage().contains("descriptor " + fd), e.getMessage());
        assertThrows(IllegalStateException.class, () -> backend.modify(ch, 2, Interest.READABLE, PollMode.ONESHOT));
        assertThrows(IllegalStateException.class, () -> backend.delete(ch));
        backend.delete(fd);

        backend.add(ch, 3, Interest.READABLE, PollMode.ONESHOT);
        assertThrows(IllegalStateException.class, () -> backend.add(fd, 4, Interest.READABLE, PollMode.ONESHOT));
        assertThrows(IllegalStateException.class, () -> backend.modify(fd, 4, Interest.READABLE, PollMode.ONESHOT));
        assertThrows(IllegalStateException.class, () -> backend.delete(fd));
    }

    @Test
    void shouldLetRawDescriptorReplaceStaleClosedChannel() throws IOException {
        Pipe.SourceChannel ch = newSource();
        int fd = ChannelDescriptors.descriptorOf(ch);
        backend.add(ch, 1, Interest.READABLE, PollMode.ONESHOT);
        ch.close();
        backend.calls.clear();

        backend.add(fd, 2, Interest.READABLE, PollMode.ONESHOT);
        assertEquals(List.of("deregister " + fd + " closed=true", "register " + fd + " key 2 interest 1 ONESHOT"),
                backend.calls);
    }

    @Test
    void shouldRecordNothingWhenOsRefusesRegistration() throws IOException {
        Pipe.SourceChannel ch = newSource();
        backend.failNextRegister = new IOException("epoll_ctl(ADD): ENOMEM");
        assertThrows(IOException.class, () -> backend.add(ch, 1, Interest.READABLE, PollMode.ONESHOT));
        assertEquals(0, backend.count());
        assertThrows(IllegalStateException.class, () -> backend.delete(ch), "nothing was registered");

        backend.add(ch, 1, Interest.READABLE, PollMode.ONESHOT); // and it can be tried again
        assertEquals(1, backend.count());
    }

    @Test
    void shouldForgetDescriptorWithoutOsCall() throws IOException {
        backend.add(5, 1, Interest.READABLE, PollMode.ONESHOT);
        backend.add(9, 1, Interest.READABLE, PollMode.ONESHOT);
        backend.calls.clear();
        backend.forgetForTest(5);

        assertEquals(List.of(), backend.calls);
        assertEquals(List.of(9), backend.registered());
        assertThrows(IllegalStateException.class, () -> backend.delete(5));
    }

    private Pipe.SourceChannel newSource() throws IOException {
        Pipe pipe = Pipe.open();
        pipes.add(pipe);
        pipe.source().configureBlocking(false);
        return pipe.source();
    }

    /** A new channel on descriptor {@code fd}, just freed: the OS hands out the lowest free number. */
    private Pipe.SourceChannel newSourceOn(int fd) throws IOException {
        for (int i = 0; i < 64; i++) {
            Pipe.SourceChannel ch = newSource();
            if (ChannelDescriptors.descriptorOf(ch) == fd) {
                return ch;
            }
        }
        assumeTrue(false, "the OS did not hand descriptor " + fd + " out again");
        return null;
    }

    /** Records each OS call the base class asks for. */
    private static final class RecordingBackend extends DescriptorBackend {
        final List<String> calls = new ArrayList<>();
        IOException failNextRegister;

        @Override
        protected void register(int fd, long key, int interest, PollMode mode) throws IOException {
            if (failNextRegister != null) {
                IOException e = failNextRegister;
                failNextRegister = null;
                throw e;
            }
            calls.add("register " + fd + " key " + key + " interest " + interest + " " + mode);
        }

        @Override
        protected void reregister(int fd, long key, int interest, PollMode mode) {
            calls.add("reregister " + fd + " key " + key + " interest " + interest + " " + mode);
        }

        @Override
        protected void deregister(int fd, boolean sourceClosed) {
            calls.add("deregister " + fd + " closed=" + sourceClosed);
        }

        String last() {
            return calls.get(calls.size() - 1);
        }

        int count() {
            return registeredCount();
        }

        List<Integer> registered() {
            List<Integer> fds = new ArrayList<>();
            forEachRegistered(fds::add);
            return fds;
        }

        void forgetForTest(int fd) {
            forget(fd);
        }

        @Override
        public Backend kind() {
            return Backend.POLL;
        }

        @Override
        public boolean supportsLevel() {
            return true;
        }

        @Override
        public boolean supportsEdge() {
            return false;
        }

        @Override
        public int poll(long[] keys, int[] readiness, long timeoutNanos) {
            return 0;
        }

        @Override
        public void wakeup() {
        }

        @Override
        public void close() {
        }
    }
}
