package dev.polling.conformance;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.channels.Pipe;
import java.util.BitSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.polling.Event;
import dev.polling.Events;
import dev.polling.PollMode;

/**
 * Many ready sources and a small {@link Events} buffer: never more than its capacity per poll, and
 * a source that did not fit is reported by a later poll — none lost, none duplicated.
 */
public interface ManySourcesContract extends ConformanceFixture {
    /** How many sources each test registers (each a pipe: two descriptors). */
    int SOURCES = 200;

    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {1, 7, 64})
    default void shouldReportEveryOneshotSourceExactlyOnceWithSmallCapacity(int capacity) throws IOException {
        for (int key = 0; key < SOURCES; key++) {
            Pipe pipe = registeredPipe(Event.readable(key));
            sources().makeReadable(pipe.source());
        }
        BitSet seen = new BitSet(SOURCES);
        Events events = Events.withCapacity(capacity);
        while (seen.cardinality() < SOURCES) {
            int n = poller().poll(events, CEILING);
            assertTrue(n > 0, () -> "sources lost (never reported): " + missing(seen));
            assertTrue(n <= capacity, () -> "a poll returned " + n + " events into a buffer of " + capacity);
            for (int i = 0; i < n; i++) {
                long key = events.key(i);
                assertTrue(key >= 0 && key < SOURCES, () -> "a key never registered: " + key);
                assertFalse(seen.get((int) key), () -> "oneshot source " + key + " reported twice");
                assertTrue(events.isReadable(i));
                seen.set((int) key);
            }
        }
        assertQuiet("a oneshot source was reported again after all " + SOURCES + " were");
    }

    @Test
    default void shouldReportEveryOneshotSourceOncePerRearm() throws IOException {
        int rounds = 3;
        Pipe[] pipes = new Pipe[SOURCES];
        boolean[] armed = new boolean[SOURCES];
        int[] reports = new int[SOURCES];
        for (int key = 0; key < SOURCES; key++) {
            pipes[key] = registeredPipe(Event.readable(key));
            sources().makeReadable(pipes[key].source());
            armed[key] = true;
        }
        // As an event loop does: re-arm each source as soon as its event is handled, while the
        // others are still pending; each re-arm must give exactly one more event.
        Events events = Events.withCapacity(7);
        int done = 0;
        while (done < SOURCES) {
            int n = poller().poll(events, CEILING);
            assertTrue(n > 0, "sources lost: armed and ready, yet never reported");
            for (int i = 0; i < n; i++) {
                int key = (int) events.key(i);
                assertTrue(armed[key], () -> "source " + key + " reported twice without a re-arm in between");
                armed[key] = false;
                if (++reports[key] < rounds) {
                    poller().modify(pipes[key].source(), Event.readable(key));
                    armed[key] = true;
                } else {
                    done++;
                }
            }
        }
        assertQuiet("a source was reported after its last re-arm had fired");
    }

    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {1, 7})
    default void shouldReportEveryLevelSourceEventuallyWithSmallCapacity(int capacity) throws IOException {
        assumeTrue(poller().supportsLevel(), backend() + " does not support LEVEL");
        for (int key = 0; key < SOURCES; key++) {
            Pipe pipe = sources().newPipe();
            poller().add(pipe.source(), Event.readable(key), PollMode.LEVEL);
            sources().makeReadable(pipe.source());
        }
        // All stay ready: a backend that always starts from the same place starves all but the
        // first `capacity` sources. Fair rotation needs SOURCES / capacity polls; allow ten times that.
        int maxPolls = 10 * SOURCES / capacity;
        BitSet seen = new BitSet(SOURCES);
        Events events = Events.withCapacity(capacity);
        int polls = 0;
        while (seen.cardinality() < SOURCES && polls < maxPolls) {
            int n = poller().poll(events, CEILING);
            assertTrue(n > 0 && n <= capacity, "level sources that stay ready must be reported at every poll,"
                    + " at most " + capacity + " at a time; got " + n);
            for (int i = 0; i < n; i++) {
                seen.set((int) events.key(i));
            }
            polls++;
        }
        int reported = seen.cardinality();
        assertTrue(reported == SOURCES, () -> "after " + maxPolls + " polls of " + capacity + ", level sources never"
                + " reported (starved): " + missing(seen));
    }

    private static String missing(BitSet seen) {
        BitSet missing = new BitSet(SOURCES);
        missing.set(0, SOURCES);
        missing.andNot(seen);
        return missing.cardinality() + " of them: " + missing;
    }
}
