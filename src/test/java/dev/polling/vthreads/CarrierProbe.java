package dev.polling.vthreads;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.polling.Backend;
import dev.polling.Events;
import dev.polling.Poller;
import dev.polling.testsupport.NativeFrames;

/**
 * Run in a fresh JVM by {@link VirtualThreadCarrierTest} with a scheduler of exactly as many
 * carriers as pollers: blocks one virtual thread in {@code poll(events, null)} per carrier, then
 * asks whether another virtual thread still runs. Prints {@code progress=yes|no} and
 * {@code woken=N} (how many blocked polls a wakeup() ended).
 */
public final class CarrierProbe {
    private static final long CEILING_SECONDS = 20;

    private CarrierProbe() {
    }

    /** Arguments: the backend's name and the number of pollers (one per carrier). */
    public static void main(String[] args) throws Exception {
        Backend backend = Backend.valueOf(args[0]);
        int pollers = Integer.parseInt(args[1]);
        ExecutorService virtualThreads = (ExecutorService) Executors.class
                .getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        List<Poller> opened = new ArrayList<>();
        List<Future<Integer>> polls = new ArrayList<>();
        List<Thread> pollingThreads = new ArrayList<>();
        try {
            for (int i = 0; i < pollers; i++) {
                Poller poller = Poller.create(backend);
                opened.add(poller);
                polls.add(virtualThreads.submit(() -> {
                    synchronized (pollingThreads) {
                        pollingThreads.add(Thread.currentThread());
                    }
                    return poller.poll(Events.withCapacity(4), null);
                }));
            }
            awaitAllBlocked(pollingThreads, pollers);

            CountDownLatch ran = new CountDownLatch(1);
            virtualThreads.submit(ran::countDown);
            System.out.println("progress=" + (ran.await(CEILING_SECONDS, TimeUnit.SECONDS) ? "yes" : "no"));

            int woken = 0;
            for (int i = 0; i < pollers; i++) {
                opened.get(i).wakeup();
                woken += polls.get(i).get(CEILING_SECONDS, TimeUnit.SECONDS) == 0 ? 1 : 0;
            }
            System.out.println("woken=" + woken);
        } finally {
            for (Poller p : opened) {
                p.close();
            }
        }
        System.exit(0); // a carrier still pinned by a broken backend must not keep the JVM alive
    }

    /**
     * Waits until every polling thread is inside {@code Poller.poll} and either in a native call
     * (pinning its carrier) or parked (having let it go): the point where a pinned carrier starves.
     */
    private static void awaitAllBlocked(List<Thread> threads, int expected) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CEILING_SECONDS);
        while (System.nanoTime() - deadline < 0) {
            synchronized (threads) {
                if (threads.size() == expected && threads.stream().allMatch(CarrierProbe::isBlockedInPoll)) {
                    return;
                }
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1)); // re-checking a condition, not a delay
        }
        throw new AssertionError("the polls never blocked");
    }

    private static boolean isBlockedInPoll(Thread t) {
        StackTraceElement[] stack = t.getStackTrace();
        boolean inPoll = false;
        for (StackTraceElement frame : stack) {
            inPoll |= frame.getClassName().equals("dev.polling.Poller") && frame.getMethodName().equals("poll");
        }
        boolean parked = t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TIMED_WAITING;
        return inPoll && (parked || NativeFrames.inNativeCall(stack));
    }
}
