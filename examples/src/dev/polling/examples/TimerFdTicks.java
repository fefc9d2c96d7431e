package dev.polling.examples;

import dev.polling.Backend;
import dev.polling.Event;
import dev.polling.Events;
import dev.polling.Poller;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.Struct;
import jnr.ffi.annotations.In;

import java.io.IOException;
import java.time.Duration;

/**
 * A periodic timer on a raw Linux {@code timerfd}, polled like any socket.
 *
 * <p>What it shows: a raw descriptor made by native code (here {@code timerfd_create(2)},
 * called through JNR-FFI) registered with {@link Poller#add(int, Event)}, re-armed after each
 * event, and deleted before it is closed. A timerfd becomes readable when it expires; reading
 * it returns how many times it expired since the last read (more than 1 if the loop fell behind).
 *
 * <pre>
 * java -cp ... dev.polling.examples.TimerFdTicks [ticks] [interval-ms]
 * </pre>
 * Prints one line per tick (default 5 ticks, 100 ms apart) and exits 0; exits 1 if the ticks do
 * not come within a generous deadline, or come early. On an OS other than Linux it says so and
 * exits 0. Raw descriptors need a native backend, so it asks for {@link Backend#EPOLL}
 * explicitly; that works without the {@code --add-exports} flag, which only channels need.
 */
public final class TimerFdTicks {
    /** {@code CLOCK_MONOTONIC}: never jumps when the wall clock is set. */
    private static final int CLOCK_MONOTONIC = 1;
    /**
     * {@code TFD_NONBLOCK | TFD_CLOEXEC}: the values of {@code O_NONBLOCK} (04000) and
     * {@code O_CLOEXEC} (02000000) on x86, ARM, RISC-V, PowerPC and s390 Linux.
     */
    private static final int TFD_FLAGS = 04000 | 02000000;
    private static final long TIMER_KEY = 1;

    /** The C library functions this example calls. JNR-FFI implements it at run time. */
    public interface LibC {
        /** {@code int timerfd_create(int clockid, int flags)}. */
        int timerfd_create(int clockid, int flags);

        /** {@code int timerfd_settime(int fd, int flags, const struct itimerspec *new, struct itimerspec *old)}. */
        int timerfd_settime(int fd, int flags, @In ItimerSpec newValue, Pointer oldValue);

        /** {@code ssize_t read(int fd, void *buf, size_t count)}. */
        long read(int fd, Pointer buf, long count);

        /** {@code int close(int fd)}. */
        int close(int fd);
    }

    /** {@code struct itimerspec { struct timespec it_interval; struct timespec it_value; }}. */
    public static final class ItimerSpec extends Struct {
        final time_t intervalSeconds = new time_t();
        final SignedLong intervalNanos = new SignedLong();
        final time_t valueSeconds = new time_t();
        final SignedLong valueNanos = new SignedLong();

        ItimerSpec(Runtime runtime) {
            super(runtime);
        }
    }

    /** Runs the timer: {@code [ticks] [interval-ms]}. */
    public static void main(String[] args) throws Exception {
        int ticks = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Duration interval = Duration.ofMillis(args.length > 1 ? Long.parseLong(args[1]) : 100);

        String os = System.getProperty("os.name");
        if (!os.startsWith("Linux")) {
            System.out.println("timerfd is Linux-only and this is " + os + ": nothing to do");
            return;
        }

        LibC libc = LibraryLoader.create(LibC.class).load("c");
        Runtime runtime = Runtime.getRuntime(libc);
        int fd = libc.timerfd_create(CLOCK_MONOTONIC, TFD_FLAGS);
        if (fd < 0) {
            throw new IOException("timerfd_create failed: errno " + runtime.getLastError());
        }
        boolean ok;
        try (Poller poller = Poller.create(Backend.EPOLL)) {
            Event timer = Event.readable(TIMER_KEY);
            poller.add(fd, timer);
            try {
                // First expiry after one interval, then every interval. The clock starts before
                // the timer does, so a tick measured against it is never early.
                long start = System.nanoTime();
                ItimerSpec spec = new ItimerSpec(runtime);
                spec.valueSeconds.set(interval.getSeconds());
                spec.valueNanos.set(interval.getNano());
                spec.intervalSeconds.set(interval.getSeconds());
                spec.intervalNanos.set(interval.getNano());
                if (libc.timerfd_settime(fd, 0, spec, null) < 0) {
                    throw new IOException("timerfd_settime failed: errno " + runtime.getLastError());
                }
                ok = tick(poller, libc, fd, timer, ticks, interval, start);
            } finally {
                poller.delete(fd); // delete before close
            }
        } finally {
            libc.close(fd);
        }
        if (!ok) {
            System.exit(1);
        }
    }

    /** Waits for {@code ticks} expirations; false if they are late beyond reason or early. */
    private static boolean tick(Poller poller, LibC libc, int fd, Event timer, int ticks, Duration interval,
                                long start) throws IOException {
        Pointer expirations = Memory.allocateDirect(Runtime.getRuntime(libc), Long.BYTES);
        Events events = Events.withCapacity(4);
        // Bounded: every tick must come by twice its schedule plus five seconds of slack.
        long deadline = start + 2 * interval.toNanos() * ticks + Duration.ofSeconds(5).toNanos();
        long seen = 0;
        while (seen < ticks) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                System.out.println("timer: FAILED, only " + seen + " of " + ticks + " ticks before the deadline");
                return false;
            }
            int n = poller.poll(events, Duration.ofNanos(left));
            for (int i = 0; i < n; i++) {
                if (events.key(i) != TIMER_KEY) {
                    continue;
                }
                // Readable: an 8-byte count of expirations since the last read.
                if (libc.read(fd, expirations, Long.BYTES) == Long.BYTES) {
                    long count = expirations.getLong(0);
                    seen += count;
                    long elapsed = System.nanoTime() - start;
                    if (count == 1) {
                        System.out.printf("tick %d after %d ms%n", seen, Duration.ofNanos(elapsed).toMillis());
                    } else { // the loop was busy (or the JVM still warming up) for more than one interval
                        System.out.printf("ticks %d-%d after %d ms: %d expirations in one read%n",
                                seen - count + 1, seen, Duration.ofNanos(elapsed).toMillis(), count);
                    }
                    if (elapsed < seen * interval.toNanos()) {
                        System.out.println("timer: FAILED, tick " + seen + " came early");
                        return false;
                    }
                }
                poller.modify(fd, timer); // oneshot: re-arm for the next expiry
            }
        }
        System.out.printf("timer: OK, %d ticks of %d ms on a timerfd%s%n", seen, interval.toMillis(),
                seen > ticks ? " (" + ticks + " asked: the last read counted several)" : "");
        return true;
    }
}
