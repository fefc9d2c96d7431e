package dev.polling.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.channels.Pipe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.polling.Backend;
import dev.polling.Event;
import dev.polling.Events;
import dev.polling.Poller;
import dev.polling.spi.ChannelDescriptors;

/**
 * Descriptor reuse: a registered source closed without delete, then a new source that the OS gives
 * the same descriptor number, added and armed: its events carry the new key only, and the old
 * key never shows again. Repeated, since the number comes back only when nothing else took it.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DescriptorReuseTest {
    private static final Duration CEILING = StressSettings.CEILING;
    private static final Duration QUIET = Duration.ofMillis(20);
    private static final long OLD = 1;
    private static final long NEW = 2;
    private static final long REARMED = 3;

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Backend.class, names = {"EPOLL", "POLL", "SELECTOR", "IO_URING"})
    void shouldReportANewChannelOnAReusedDescriptorUnderItsOwnKeyOnly(Backend backend) throws Exception {
        assumeTrue(ChannelDescriptors.isAvailable(), ChannelDescriptors.unavailableReason());
        int rounds = StressSettings.RACE_ROUNDS / 2;
        int reused = 0;
        try (Poller poller = StressBackends.open(backend)) {
            Events events = Events.withCapacity(8);
            for (int round = 0; round < rounds; round++) {
                Pipe old = Pipes.openOne();
                poller.add(old.source(), Event.readable(OLD));
                Pipes.writeBytes(old.sink(), 1); // ready when closed: a stale event would be due
                int fd = ChannelDescriptors.descriptorOf(old.source());
                old.source().close(); // registered, never deleted
                old.sink().close();
                // The JDK's Selector lets go of a closed channel's descriptor during a selection. An
                // event for the closed source here is tolerated (it was ready); after the reuse, none.
                poller.poll(events, Duration.ZERO);

                Pipe reuse = pipeOnDescriptor(fd);
                if (reuse == null) {
                    continue; // the number went elsewhere this time
                }
                reused++;
                try {
                    poller.add(reuse.source(), Event.readable(NEW));
                    Pipes.writeBytes(reuse.sink(), 1);
                    assertEquals(1, poller.poll(events, CEILING), () -> backend + ": expected the new source only: " + events);
                    assertEquals(NEW, events.key(0), () -> backend + ": descriptor " + fd + " reported under " + events);
                    assertEquals(0, poller.poll(events, QUIET), () -> backend + ": reported again (oneshot) or under the old key: " + events);

                    poller.modify(reuse.source(), Event.readable(REARMED));
                    assertEquals(1, poller.poll(events, CEILING));
                    assertEquals(REARMED, events.key(0));
                    poller.delete(reuse.source());
                } finally {
                    reuse.source().close();
                    reuse.sink().close();
                }
            }
        }
        StressReport.print("descriptor-reuse", backend, "rounds=" + rounds + " reused=" + reused);
        assertTrue(reused > 0, backend + ": the OS never handed a closed source's descriptor out again");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Backend.class, names = {"EPOLL", "POLL", "IO_URING"})
    void shouldRefuseAReusedRawDescriptorUntilDeletedAsDocumented(Backend backend) throws Exception {
        // Poller's javadoc: "a raw descriptor is not checked" when closed while registered. Adding
        // the number again says so clearly; after delete() it works, under the new key only.
        assumeTrue(ChannelDescriptors.isAvailable(), ChannelDescriptors.unavailableReason());
        try (Poller poller = StressBackends.open(backend)) {
            Events events = Events.withCapacity(8);
            Pipe old = Pipes.openOne();
            int fd = ChannelDescriptors.descriptorOf(old.source());
            poller.add(fd, Event.readable(OLD));
            old.source().close();
            old.sink().close();

            Pipe reuse = pipeOnDescriptor(fd);
            assumeTrue(reuse != null, "the OS did not hand descriptor " + fd + " out again");
            try {
                IllegalStateException refused = assertThrows(IllegalStateException.class,
                        () -> poller.add(fd, Event.readable(NEW)));
                assertTrue(refused.getMessage().contains(String.valueOf(fd)), refused.getMessage());

                poller.delete(fd);
                poller.add(fd, Event.readable(NEW));
                Pipes.writeBytes(reuse.sink(), 1);
                assertEquals(1, poller.poll(events, CEILING));
                assertEquals(NEW, events.key(0), () -> backend + ": reused raw descriptor reported under " + events);
                poller.delete(fd);
            } finally {
                reuse.source().close();
                reuse.sink().close();
            }
            StressReport.print("descriptor-reuse-raw", backend, "fd=" + fd + " refusedUntilDeleted=true");
        }
    }

    /** A pipe whose read end has descriptor {@code fd}, or {@code null} if the OS gave that number to something else. */
    private static Pipe pipeOnDescriptor(int fd) throws IOException {
        List<Pipe> misses = new ArrayList<>();
        try {
            for (int attempt = 0; attempt < 4; attempt++) {
                Pipe pipe = Pipes.openOne();
                if (ChannelDescriptors.descriptorOf(pipe.source()) == fd) {
                    return pipe;
                }
                misses.add(pipe); // kept open so that the next pipe gets the next free number
            }
            return null;
        } finally {
            for (Pipe miss : misses) {
                miss.source().close();
                miss.sink().close();
            }
        }
    }
}
