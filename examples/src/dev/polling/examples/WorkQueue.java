package dev.polling.examples;

import dev.polling.Event;
import dev.polling.Events;
import dev.polling.Poller;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An event loop that other threads hand work to: the pattern behind Netty's
 * {@code EventLoop.execute}, on a poller.
 *
 * <p>The poller thread reads jobs (numbers) from a socket and passes each to a pool of worker
 * threads. A worker computes its result and hands it back as a task: it adds the task to a
 * lock-free queue and calls {@link Poller#wakeup()}. The poller thread runs queued tasks after
 * every poll, so the state they touch (the running total) belongs to that one thread and needs
 * no lock.
 *
 * <p>What it shows:
 * <ul>
 *   <li>why the order "queue, then wake" is enough: a wake-up that comes while the loop is busy
 *       is kept and ends the next poll at once, so no task waits for an unrelated event;</li>
 *   <li>coalescing: thousands of {@code wakeup()} calls end far fewer polls, each of which finds
 *       a batch of tasks; {@code wakeup()} takes no lock, so workers never wait for the loop;</li>
 *   <li>a socket and the task queue served by the same thread.</li>
 * </ul>
 *
 * <pre>
 * java -cp ... dev.polling.examples.WorkQueue [workers] [jobs] [timeout-seconds]
 * </pre>
 * Defaults: 4 workers, 20000 jobs, 20 seconds. Checks the total against the expected one and
 * exits 1 if it differs or the jobs are not all done in time.
 */
public final class WorkQueue {
    private static final long JOBS_KEY = 1;
    /** Tasks run per turn of the loop at most, so a flood of tasks cannot starve the socket. */
    private static final int MAX_TASKS_PER_TURN = 1024;

    private final Poller poller;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

    // Owned by the poller thread: touched only there, by the loop and by the tasks it runs.
    private long jobsRead;
    private long resultsDone;
    private long total;
    private long polls;
    private long batches;

    private WorkQueue(Poller poller) {
        this.poller = poller;
    }

    /** Runs {@code task} on the poller thread soon. Thread-safe; never blocks. */
    public void execute(Runnable task) {
        tasks.add(task);  // first publish the task...
        poller.wakeup();  // ...then wake the loop: a poll that has not started yet returns at once too
    }

    /** Runs the loop: {@code [workers] [jobs] [timeout-seconds]}. */
    public static void main(String[] args) throws Exception {
        int workerCount = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        long jobs = args.length > 1 ? Long.parseLong(args[1]) : 20_000;
        Duration timeout = Duration.ofSeconds(args.length > 2 ? Long.parseLong(args[2]) : 20);

        ExecutorService workers = Executors.newFixedThreadPool(workerCount);
        boolean ok;
        try (Poller poller = Poller.create();
             ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
             SocketChannel producer = SocketChannel.open(listener.getLocalAddress());
             SocketChannel jobsIn = listener.accept()) {
            jobsIn.configureBlocking(false);
            startProducer(producer, jobs);

            WorkQueue loop = new WorkQueue(poller);
            long start = System.nanoTime();
            ok = loop.run(jobsIn, workers, jobs, timeout);
            double seconds = (System.nanoTime() - start) / 1e9;
            long expected = jobs * (jobs + 1) * (2 * jobs + 1) / 6; // 1² + 2² + ... + jobs²
            ok &= loop.total == expected;
            System.out.printf("work queue: %s, backend %s, %d jobs from the socket, %d results from %d workers in %.2f s;"
                            + " %d wakeup() calls coalesced into %d polls, tasks run in %d batches; total %s%n",
                    ok ? "OK" : "FAILED", poller.backend(), loop.jobsRead, loop.resultsDone, workerCount, seconds,
                    loop.resultsDone, loop.polls, loop.batches, loop.total == expected ? "as expected" : "WRONG");
        } finally {
            workers.shutdownNow();
            workers.awaitTermination(5, TimeUnit.SECONDS);
        }
        if (!ok) {
            System.exit(1);
        }
    }

    /** Another thread writes the jobs 1..jobs to the socket as 8-byte numbers, then ends its output. */
    private static void startProducer(SocketChannel producer, long jobs) {
        Thread thread = new Thread(() -> {
            ByteBuffer buffer = ByteBuffer.allocate(8 * 1024);
            try {
                for (long n = 1; n <= jobs; n++) {
                    buffer.putLong(n);
                    if (!buffer.hasRemaining() || n == jobs) {
                        buffer.flip();
                        while (buffer.hasRemaining()) {
                            producer.write(buffer); // a blocking channel: waits while the loop catches up
                        }
                        buffer.clear();
                    }
                }
                producer.shutdownOutput();
            } catch (IOException e) {
                System.out.println("work queue: producer failed: " + e);
            }
        }, "producer");
        thread.setDaemon(true); // never keeps the JVM alive if the loop gives up
        thread.start();
    }

    private boolean run(SocketChannel jobsIn, ExecutorService workers, long jobs, Duration timeout) throws IOException {
        Event readable = Event.readable(JOBS_KEY);
        poller.add(jobsIn, readable);
        ByteBuffer in = ByteBuffer.allocate(8 * 1024);
        Events events = Events.withCapacity(16);
        boolean endOfJobs = false;
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (!endOfJobs || resultsDone < jobsRead) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    System.out.printf("work queue: timed out with %d jobs read, %d results%n", jobsRead, resultsDone);
                    return false;
                }
                // Tasks left over from a full turn: look at the socket without waiting.
                int n = poller.poll(events, tasks.isEmpty() ? Duration.ofNanos(left) : Duration.ZERO);
                polls++;
                for (int i = 0; i < n; i++) {
                    if (events.key(i) == JOBS_KEY) {
                        endOfJobs = readJobs(jobsIn, in, workers);
                        if (!endOfJobs) {
                            poller.modify(jobsIn, readable); // oneshot: re-arm for the next jobs
                        }
                    }
                }
                runTasks();
            }
            return jobsRead == jobs;
        } finally {
            poller.delete(jobsIn);
        }
    }

    /** Reads whole jobs from the socket and hands each to a worker; true at the end of the stream. */
    private boolean readJobs(SocketChannel jobsIn, ByteBuffer in, ExecutorService workers) throws IOException {
        int read;
        while ((read = jobsIn.read(in)) > 0) {
            in.flip();
            while (in.remaining() >= Long.BYTES) {
                long job = in.getLong();
                jobsRead++;
                workers.execute(() -> {
                    long result = job * job;                 // the work, on a worker thread
                    execute(() -> addResult(result));        // the result, back on the poller thread
                });
            }
            in.compact();
        }
        return read < 0;
    }

    /** A task: runs on the poller thread only, so it updates the loop's state without a lock. */
    private void addResult(long result) {
        total += result;
        resultsDone++;
    }

    private void runTasks() {
        Runnable task;
        int i = 0;
        for (; i < MAX_TASKS_PER_TURN && (task = tasks.poll()) != null; i++) {
            task.run();
        }
        if (i > 0) {
            batches++;
        }
    }
}
