package dev.polling.epoll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import dev.polling.Event;
import dev.polling.spi.Interest;

class EpollRegistrationsTest {
    private final EpollRegistrations registrations = new EpollRegistrations(4);
    private final long[] keys = new long[4];
    private final int[] readiness = new int[4];

    @Test
    void shouldResolveATagToItsKeyAndMaskedReadiness() {
        long tag = registrations.register(3, 42L, Interest.READABLE);

        assertEquals(1, registrations.resolve(tag, Interest.BOTH, keys, readiness, 2));

        assertEquals(42L, keys[2]);
        assertEquals(Interest.READABLE, readiness[2]);
    }

    @Test
    void shouldNeverShowWritableOnAReadableOnlySource() {
        long tag = registrations.register(3, 1L, Interest.READABLE);

        // A hang-up (EPOLLHUP reads as both) on a readable-only source is readable only.
        registrations.resolve(tag, EpollFlags.readiness(EpollFlags.EPOLLHUP), keys, readiness, 0);

        assertEquals(Interest.READABLE, readiness[0]);
    }

    @Test
    void shouldNeverShowReadableOnAWritableOnlySource() {
        long tag = registrations.register(3, 1L, Interest.WRITABLE);

        registrations.resolve(tag, EpollFlags.readiness(EpollFlags.EPOLLERR), keys, readiness, 0);

        assertEquals(Interest.WRITABLE, readiness[0]);
    }

    @Test
    void shouldDropEventsWithNothingOfInterest() {
        long none = registrations.register(1, 1L, Interest.NONE);
        long readable = registrations.register(2, 2L, Interest.READABLE);

        assertEquals(0, registrations.resolve(none, Interest.BOTH, keys, readiness, 0));
        assertEquals(0, registrations.resolve(readable, Interest.WRITABLE, keys, readiness, 0));
    }

    @Test
    void shouldDropEventsOfAnEarlierRegistration() {
        long first = registrations.register(3, 1L, Interest.READABLE);
        long second = registrations.register(3, 2L, Interest.READABLE);

        assertNotEquals(first, second);
        assertEquals(0, registrations.resolve(first, Interest.READABLE, keys, readiness, 0));
        assertEquals(1, registrations.resolve(second, Interest.READABLE, keys, readiness, 0));
        assertEquals(2L, keys[0]);
    }

    @Test
    void shouldDropEventsOfAnUnregisteredDescriptor() {
        long tag = registrations.register(3, 1L, Interest.READABLE);

        registrations.unregister(3);

        assertEquals(0, registrations.resolve(tag, Interest.READABLE, keys, readiness, 0));
    }

    @Test
    void shouldNotReviveATagWhenTheDescriptorIsRegisteredAgain() {
        long old = registrations.register(3, 1L, Interest.READABLE);
        registrations.unregister(3);

        long renewed = registrations.register(3, 9L, Interest.READABLE);

        assertEquals(0, registrations.resolve(old, Interest.READABLE, keys, readiness, 0));
        assertEquals(1, registrations.resolve(renewed, Interest.READABLE, keys, readiness, 0));
        assertEquals(9L, keys[0]);
    }

    @Test
    void shouldGrowForLargeDescriptorsAndKeepEarlierOnes() {
        long small = registrations.register(2, 20L, Interest.READABLE);
        long large = registrations.register(5000, 50L, Interest.WRITABLE);

        assertEquals(1, registrations.resolve(small, Interest.READABLE, keys, readiness, 0));
        assertEquals(1, registrations.resolve(large, Interest.WRITABLE, keys, readiness, 1));
        assertEquals(20L, keys[0]);
        assertEquals(50L, keys[1]);
    }

    @Test
    void shouldDropTagsOfDescriptorsNeverSeen() {
        assertEquals(0, registrations.resolve(EpollRegistrations.tag(100_000, 1), Interest.READABLE, keys, readiness, 0));
        registrations.unregister(100_000); // nothing to forget: no effect, no growth needed
    }

    @Test
    void shouldKeepEveryKeyIncludingExtremes() {
        long min = registrations.register(1, Long.MIN_VALUE, Interest.READABLE);
        long max = registrations.register(2, Long.MAX_VALUE, Interest.READABLE);

        registrations.resolve(min, Interest.READABLE, keys, readiness, 0);
        registrations.resolve(max, Interest.READABLE, keys, readiness, 1);

        assertEquals(Long.MIN_VALUE, keys[0]);
        assertEquals(Long.MAX_VALUE, keys[1]);
    }

    @Test
    void shouldNeverProduceTheWakeupTag() {
        EpollRegistrations many = new EpollRegistrations(1);
        int fd = Integer.MAX_VALUE - 1;
        for (int i = 0; i < 3; i++) {
            long tag = many.register(i, i, Interest.READABLE);
            assertNotEquals(Event.RESERVED_KEY, tag);
        }
        assertNotEquals(Event.RESERVED_KEY, EpollRegistrations.tag(fd, EpollRegistrations.GENERATION_LIMIT - 1));
        assertTrue(EpollRegistrations.tag(fd, EpollRegistrations.GENERATION_LIMIT - 1) > 0);
    }

    @Test
    void shouldWrapGenerationsWithoutEverIssuingTheInvalidOne() {
        EpollRegistrations wrapping = new EpollRegistrations(1);
        long previous = wrapping.register(0, 0L, Interest.READABLE);
        // 2^30 registrations are too many for a unit test; check the wrap from the tag arithmetic.
        for (int i = 0; i < 1000; i++) {
            long tag = wrapping.register(0, i, Interest.READABLE);
            assertEquals((previous >>> 32) + 1, tag >>> 32);
            assertTrue((tag >>> 32) < EpollRegistrations.GENERATION_LIMIT);
            previous = tag;
        }
    }

    @Test
    void shouldNeverPairAnEventWithTheKeyOfAnotherGeneration() throws Exception {
        // A writer re-registers one descriptor with key = its generation - 1 while a reader
        // resolves tags of recent generations: every accepted event must carry its own key.
        EpollRegistrations shared = new EpollRegistrations(8);
        AtomicLong latestTag = new AtomicLong(shared.register(5, 0L, Interest.READABLE));
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
            latestTag.set(shared.register(5, generationKey, Interest.READABLE));
        }
        stop.set(true);
        reader.join(TimeUnit.SECONDS.toMillis(30));

        assertEquals(null, failure.get());
        assertTrue(accepted[0] > 0, "the reader never resolved a tag");
    }
}
