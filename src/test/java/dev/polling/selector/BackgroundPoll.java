package dev.polling.selector;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.polling.Events;
import dev.polling.Poller;

/** One {@link Poller#poll} running in its own thread, for tests of what other threads do meanwhile. */
final class BackgroundPoll {
    private final Thread thread;
    private final CompletableFuture<Integer> result = new CompletableFuture<>();
    private volatile long elapsedNanos;

    private BackgroundPoll(Poller poller, Events events, Duration timeout) {
        thread = new Thread(() -> {
            long start = System.nanoTime();
            try {
                int n = poller.poll(events, timeout);
                elapsedNanos = System.nanoTime() - start;
                result.complete(n);
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }, "background-poll");
        thread.setDaemon(true);
    }

    /** Starts {@code poller.poll(events, timeout)} in a new thread. */
    static BackgroundPoll start(Poller poller, Events events, Duration timeout) {
        BackgroundPoll poll = new BackgroundPoll(poller, events, timeout);
        poll.thread.start();
        return poll;
    }

    /**
     * Waits (up to 10 s) until the poll is blocked inside the OS wait of a selection: a native frame
     * on top, a selector's {@code doSelect} below it. Proves that a test's change happens during the
     * wait rather than before it.
     */
    BackgroundPoll awaitBlocked() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!isBlockedInSelect()) {
            if (result.isDone() || System.nanoTime() - deadline > 0) {
                throw new AssertionError("the poll never blocked in a selection (done: " + result.isDone() + ")");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1)); // polling a condition, not a delay
        }
        return this;
    }

    private boolean isBlockedInSelect() {
        StackTraceElement[] stack = thread.getStackTrace();
        if (stack.length == 0 || !stack[0].isNativeMethod()) {
            return false;
        }
        for (StackTraceElement frame : stack) {
            if (frame.getMethodName().equals("doSelect")) {
                return true;
            }
        }
        return false;
    }

    /** The poll's result, waiting up to {@code within} for it. */
    int await(Duration within) throws Exception {
        return result.get(within.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** How long the poll took (valid after {@link #await}). */
    Duration elapsed() {
        return Duration.ofNanos(elapsedNanos);
    }

    /** Whether the poll has returned. */
    boolean isDone() {
        return result.isDone();
    }

    /** The polling thread. */
    Thread thread() {
        return thread;
    }
}
