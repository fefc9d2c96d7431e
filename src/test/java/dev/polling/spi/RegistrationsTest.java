package dev.polling.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import dev.polling.Event;

class RegistrationsTest {
    private final Registrations registrations = new Registrations(4);
    private final long[] keys = new long[4];
    private final int[] readiness = new int[4];

    @Test
    void shouldResolveATagToItsKeyAndMaskedReadiness() {
        long tag = registrations.register(3, 42L, Interest.READABLE, false);

        assertEquals(3, registrations.resolve(tag, Interest.BOTH, keys, readiness, 2), "stored at index 2: three events now");

        assertEquals(42L, keys[2]);
        assertEquals(Interest.READABLE, readiness[2]);
    }

    @Test
    void shouldNeverShowWritableOnAReadableOnlySource() {
        long tag = registrations.register(3, 1L, Interest.READABLE, false);

        // A hang-up (EPOLLHUP reads as both) on a readable-only source is readable only.
        registrations.resolve(tag, Interest.BOTH /* hang-up reads as both */, keys, readiness, 0);

        assertEquals(Interest.READABLE, readiness[0]);
    }

    @Test
    void shouldNeverShowReadableOnAWritableOnlySource() {
        long tag = registrations.register(3, 1L, Interest.WRITABLE, false);

        registrations.resolve(tag, Interest.BOTH /* an error reads as both */, keys, readiness, 0);

        assertEquals(Interest.WRITABLE, readiness[0]);
    }

    @Test
    void shouldDropEventsWithNothingOfInterest() {
        long none = registrations.register(1, 1L, Interest.NONE, false);
        long readable = registrations.register(2, 2L, Interest.READABLE, false);

        assertEquals(0, registrations.resolve(none, Interest.BOTH, keys, readiness, 0));
        assertEquals(0, registrations.resolve(readable, Interest.WRITABLE, keys, readiness, 0));
    }

    @Test
    void shouldDropEventsOfAnEarlierRegistration() {
        long first = registrations.register(3, 1L, Interest.READABLE, false);
        long second = registrations.register(3, 2L, Interest.READABLE, false);

        assertNotEquals(first, second);
        assertEquals(0, registrations.resolve(first, Interest.READABLE, keys, readiness, 0));
        assertEquals(1, registrations.resolve(second, Interest.READABLE, keys, readiness, 0));
        assertEquals(2L, keys[0]);
    }

    @Test
    void shouldDropEventsOfAnUnregisteredDescriptor() {
        long tag = registrations.register(3, 1L, Interest.READABLE, false);

        registrations.unregister(3);

        assertEquals(0, registrations.resolve(tag, Interest.READABLE, keys, readiness, 0));
    }

    @Test
    void shouldNotReviveATagWhenTheDescriptorIsRegisteredAgain() {
        long old = registrations.register(3, 1L, Interest.READABLE, false);
        registrations.unregister(3);

        long renewed = registrations.register(3, 9L, Interest.READABLE, false);

        assertEquals(0, registrations.resolve(old, Interest.READABLE, keys, readiness, 0));
        assertEquals(1, registrations.resolve(renewed, Interest.READABLE, keys, readiness, 0));
        assertEquals(9L, keys[0]);
    }

    @Test
    void shouldGrowForLargeDescriptorsAndKeepEarlierOnes() {
        long small = registrations.register(2, 20L, Interest.READABLE, false);
        long large = registrations.register(5000, 50L, Interest.WRITABLE, false);

        assertEquals(1, registrations.resolve(small, Interest.READABLE, keys, readiness, 0));
        assertEquals(2, registrations.resolve(large, Interest.WRITABLE, keys, readiness, 1));
        assertEquals(20L, keys[0]);
        assertEquals(50L, keys[1]);
    }

    @Test
    void shouldDropTagsOfDescriptorsNeverSeen() {
        assertEquals(0, registrations.resolve(Registrations.tag(100_000, 1), Interest.READABLE, keys, readiness, 0));
        registrations.unregister(100_000); // nothing to forget: no effect, no growth needed
    }

    @Test
    void shouldKeepEveryKeyIncludingExtremes() {
        long min = registrations.register(1, Long.MIN_VALUE, Interest.READABLE, false);
        long max = registrations.register(2, Long.MAX_VALUE, Interest.READABLE, false);

        registrations.resolve(min, Interest.READABLE, keys, readiness, 0);
        registrations.resolve(max, Interest.READABLE, keys, readiness, 1);

        assertEquals(Long.MIN_VALUE, keys[0]);
        assertEquals(Long.MAX_VALUE, keys[1]);
    }

    @Test
    void shouldNeverProduceTheWakeupTag() {
        Registrations many = new Registrations(1);
        int fd = Integer.MAX_VALUE - 1;
        for (int i = 0; i < 3; i++) {
            long tag = many.register(i, i, Interest.READABLE, false);
            assertNotEquals(Event.RESERVED_KEY, tag);
        }
        assertNotEquals(Event.RESERVED_KEY, Registrations.tag(fd, Registrations.GENERATION_LIMIT - 1));
        assertTrue(Registrations.tag(fd, Registrations.GENERATION_LIMIT - 1) > 0);
        assertNotEquals(0L, many.register(0, 0, Interest.READABLE, false), "never kqueue's wake-up udata");
    }

    @Test
    void shouldWrapGenerationsWithoutEverIssuingTheInvalidOne() {
        Registrations wrapping = new Registrations(1);
        long previous = wrapping.register(0, 0L, Interest.READABLE, false);
        // 2^30 registrations are too many for a unit test; check the wrap from the tag arithmetic.
        for (int i = 0; i < 1000; i++) {
            long tag = wrapping.register(0, i, Interest.READABLE, false);
            assertEquals((previous >>> 32) + 1, tag >>> 32);
            assertTrue((tag >>> 32) < Registrations.GENERATION_LIMIT);
            assertTrue((tag >>> 32) >= 1, "generation 0 is never handed out");
            previous = tag;
        }
    }

    @Test
    void shouldNeverPairAnEventWithTheKeyOfAnotherGeneration() throws Exception {
        // A writer re-registers one descriptor with key = its generation - 1 while a reader
        // resolves tags of recent generations: every accepted event must carry its own key.
        Registrations shared = new Registrations(8);
        AtomicLong latestTag = new AtomicLong(shared.register(5, 0L, Interest.READABLE, false));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<String> failure = new AtomicReference<>();
        long[] accepted = new long[1];
        Thread reader = new Thread(() -> {
            long[] k = new long[1];
            int[] r = new int[1];
            while (!stop.get()) {
                long tag = latestTag.get();
                for (long back = 0; back < 3; back++) {
                    long candidate = tag - (back << 32);
                    shared.beginBatch();
                    if (shared.resolve(candidate, Interest.READABLE, k, r, 0) == 1) {
                        accepted[0]++;
                        long generation = candidate >>> 32;
                        if (k[0] != generation - 1) {
                            failure.compareAndSet(null, "generation " + generation + " resolved to key " + k[0]);
                        }
                    }
                }
            }
        });
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
        long generationKey = 0;
        while (System.nanoTime() < deadline && failure.get() == null) {
            generationKey++;
            latestTag.set(shared.register(5, generationKey, Interest.READABLE, false));
        }
        stop.set(true);
        reader.join(TimeUnit.SECONDS.toMillis(30));

        assertEquals(null, failure.get());
        assertTrue(accepted[0] > 0, "the reader never resolved a tag");
    }

    @Test
    void shouldDisarmAOneshotSourceOnceStoredUntilRegisteredAgain() {
        long tag = registrations.register(3, 7L, Interest.BOTH, true);

        registrations.beginBatch();
        assertEquals(1, registrations.resolve(tag, Interest.READABLE, keys, readiness, 0));
        registrations.beginBatch();
        assertEquals(0, registrations.resolve(tag, Interest.WRITABLE, keys, readiness, 0), "disarmed: the other filter's event is dropped");
        assertFalse(registrations.isArmed(3));

        long again = registrations.register(3, 8L, Interest.BOTH, true);
        registrations.beginBatch();
        assertEquals(1, registrations.resolve(again, Interest.WRITABLE, keys, readiness, 0));
        assertEquals(8L, keys[0]);
    }

    @Test
    void shouldMergeTwoEventsOfOneSourceInOneBatch() {
        long tag = registrations.register(3, 7L, Interest.BOTH, true);
        long other = registrations.register(2, 9L, Interest.READABLE, false);

        registrations.beginBatch();
        int n = registrations.resolve(tag, Interest.READABLE, keys, readiness, 0);
        n = registrations.resolve(other, Interest.READABLE, keys, readiness, n);
        n = registrations.resolve(tag, Interest.WRITABLE, keys, readiness, n);

        assertEquals(2, n);
        assertEquals(7L, keys[0]);
        assertEquals(Interest.BOTH, readiness[0]);
        assertEquals(9L, keys[1]);
    }

    @Test
    void shouldKeepALevelSourceArmed() {
        long tag = registrations.register(3, 7L, Interest.READABLE, false);
        for (int i = 0; i < 3; i++) {
            registrations.beginBatch();
            assertEquals(1, registrations.resolve(tag, Interest.READABLE, keys, readiness, 0));
        }
        assertTrue(registrations.isArmed(3));
    }

    @Test
    void shouldAnswerWhatItHolds() {
        long tag = registrations.register(3, 7L, Interest.WRITABLE, true);
        assertEquals(tag, registrations.tagOf(3));
        assertEquals(7L, registrations.keyOf(3));
        assertEquals(Interest.WRITABLE, registrations.interestOf(3));
        assertTrue(registrations.isOneshot(3));
        assertTrue(registrations.isArmed(3));
        assertFalse(registrations.isArmed(2), "never registered");
        assertEquals(0L, registrations.tagOf(2));

        registrations.disarm(3);
        assertFalse(registrations.isArmed(3));
        registrations.unregister(3);
        assertEquals(0, registrations.interestOf(3));
        assertNotEquals(tag, registrations.tagOf(3));
        assertFalse(registrations.isArmed(registrations.register(4, 1L, Interest.NONE, true) == 0 ? 0 : 4),
                "an empty interest is never armed");
    }
}
