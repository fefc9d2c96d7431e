package dev.polling.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.channels.Pipe;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;

import dev.polling.Event;
import dev.polling.Events;

/**
 * Interrupts, as {@link java.nio.channels.Selector}: a thread interrupted while blocked in
 * {@code poll} returns promptly with what it has and keeps its interrupt status; a poll entered
 * with the status set returns at once; the poller stays usable. On platform and virtual threads.
 */
public interface InterruptContract extends ConformanceFixture {

    @Test
    default void shouldReturnPromptlyWhenInterruptedWhileBlocked() throws Exception {
        Pipe pipe = registeredPipe(Event.readable(1));
        AtomicReference<Thread> polling = new AtomicReference<>();
        Events events = Events.withCapacity(8);
        var poll = async(() -> {
            polling.set(Thread.currentThread());
            int n = poller().poll(events, null);
            assertEquals(0, n, () -> "an interrupt returned events: " + events);
            return Thread.currentThread().isInterrupted();
        });
        letPollBlock();

        polling.get().interrupt();
        assertTrue(await(poll, "a poll blocked without timeout, after its thread was interrupted"),
                "the poll cleared the thread's interrupt status");

        sources().makeReadable(pipe.source());
        assertReadableEvent(1); // the poller is still usable, the registration intact
    }

    @Test
    default void shouldReturnAtOnceWhenEnteredWithInterruptStatusSet() throws Exception {
        registeredPipe(Event.readable(2));
        Events events = Events.withCapacity(8);
        var poll = async(() -> {
            Thread.currentThread().interrupt();
            assertEquals(0, poller().poll(events, null), "a poll without timeout, entered interrupted");
            assertTrue(Thread.currentThread().isInterrupted(), "the first poll cleared the interrupt status");
            assertEquals(0, poller().poll(events, CEILING), "a timed poll, entered interrupted");
            return Thread.currentThread().isInterrupted();
        });
        assertTrue(await(poll, "polls entered with the interrupt status set"), "the interrupt status was cleared");
    }

    @Test
    default void shouldDeliverReadyEventsToAnInterruptedThread() throws Exception {
        Pipe pipe = registeredPipe(Event.readable(3));
        sources().makeReadable(pipe.source());
        Events events = Events.withCapacity(8);
        var poll = async(() -> {
            Thread.currentThread().interrupt();
            // Selector.select() returns at once too, with what is ready: nothing is lost by the
            // interrupt, the event is reported now or by the next poll.
            int n = poller().poll(events, null);
            Thread.interrupted();
            return n == 1 ? events.key(0) : n == 0 && poller().poll(events, CEILING) == 1 ? events.key(0) : -n;
        });
        assertEquals(3L, (long) await(poll, "a poll of a ready source by an interrupted thread"));
    }

    @Test
    default void shouldLeaveNoWakeupBehindAfterAnInterruptedPoll() throws Exception {
        registeredPipe(Event.readable(4));
        AtomicReference<Thread> polling = new AtomicReference<>();
        Events events = Events.withCapacity(8);
        var poll = async(() -> {
            polling.set(Thread.currentThread());
            return poller().poll(events, null);
        });
        letPollBlock();
        polling.get().interrupt();
        assertEquals(0, (int) await(poll, "a poll blocked without timeout, after its thread was interrupted"));

        Duration timeout = Duration.ofMillis(100);
        long start = System.nanoTime();
        assertEquals(0, poller().poll(events, timeout));
        long elapsed = ConformanceFixture.elapsedSince(start);
        assertTrue(elapsed >= timeout.toNanos(),
                () -> "the interrupt left a wake-up behind: the next poll returned after " + elapsed + " ns");
    }

    @Test
    default void shouldReturnPromptlyWhenAVirtualThreadIsInterruptedWhileBlocked() throws Exception {
        Method startVirtualThread = virtualThreadStarter();
        Pipe pipe = registeredPipe(Event.readable(5));
        Events events = Events.withCapacity(8);
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        Thread virtual = (Thread) startVirtualThread.invoke(null, (Runnable) () -> {
            try {
                int n = poller().poll(events, null);
                result.complete(n == 0 && Thread.currentThread().isInterrupted());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        // A virtual thread parked in the poll shows no native frame; wait until it is inside it.
        long deadline = System.nanoTime() + CEILING.toNanos();
        while (!insidePoll(virtual) && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(Duration.ofMillis(1).toNanos()); // re-checking a condition, not a delay
        }
        assertTrue(insidePoll(virtual), "the virtual thread never reached Poller.poll");
        virtual.interrupt();
        assertTrue(result.get(CEILING.toMillis(), TimeUnit.MILLISECONDS),
                "the interrupted virtual thread's poll returned events or cleared the interrupt status");

        sources().makeReadable(pipe.source());
        assertReadableEvent(5);
    }

    private static boolean insidePoll(Thread t) {
        for (StackTraceElement frame : t.getStackTrace()) {
            if (frame.getClassName().equals("dev.polling.Poller") && frame.getMethodName().equals("poll")) {
                return true;
            }
        }
        return false;
    }

    /** {@code Thread.startVirtualThread(Runnable)}, or the test is skipped where the JDK has none. */
    private static Method virtualThreadStarter() {
        Method start = null;
        try {
            start = Thread.class.getMethod("startVirtualThread", Runnable.class);
        } catch (NoSuchMethodException e) {
            // JDK 17-20: no virtual threads
        }
        assumeTrue(start != null, "virtual threads need JDK 21 or later; this is " + Runtime.version());
        return start;
    }
}
