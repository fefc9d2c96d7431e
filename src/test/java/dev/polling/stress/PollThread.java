package dev.polling.stress;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A task (usually one poll) on its own named thread, so that the test can find the thread's
 * kernel id and watch in {@code /proc} whether it is blocked in the OS wait, instead of guessing
 * with a sleep.
 */
final class PollThread<T> {
    private static final AtomicInteger NAMES = new AtomicInteger();

    private final FutureTask<T> task;
    private final Thread thread;
    private int tid = -1;

    private PollThread(Callable<T> body) {
        task = new FutureTask<>(body);
        thread = new Thread(task, "spoll-" + NAMES.incrementAndGet());
        thread.setDaemon(true); // a thread stuck in a broken backend must not keep the JVM alive
    }

    /** Starts {@code body} on a new thread. */
    static <T> PollThread<T> start(Callable<T> body) {
        PollThread<T> started = new PollThread<>(body);
        started.thread.start();
        return started;
    }

    /** The kernel thread id, found by the thread's name in {@code /proc/self/task}; -1 if it ended first. */
    int tid() {
        while (tid < 0 && thread.isAlive()) {
            tid = ProcFs.threadId(thread.getName());
        }
        return tid;
    }

    /**
     * Waits until the thread is blocked in one of the OS's wait calls ({@link ProcFs#waitSyscalls}),
     * at most {@code ceiling}. Returns the call's number, or -1 if it never was (it ended, or the
     * ceiling passed).
     */
    int awaitBlockedInWait(Duration ceiling) {
        long end = System.nanoTime() + ceiling.toNanos();
        int id = tid();
        while (id > 0 && !task.isDone() && System.nanoTime() - end < 0) {
            int call = ProcFs.blockedSyscall(id);
            if (ProcFs.waitSyscalls().contains(call)) {
                return call;
            }
            Thread.yield();
        }
        return -1;
    }

    /** Whether the task has finished. */
    boolean isDone() {
        return task.isDone();
    }

    /** The task's result, waiting at most {@code ceiling}; fails (and interrupts the thread) if it takes longer. */
    T result(Duration ceiling) throws Exception {
        try {
            return task.get(ceiling.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            thread.interrupt();
            throw new AssertionError(thread.getName() + " did not finish within " + ceiling, e);
        }
    }
}
