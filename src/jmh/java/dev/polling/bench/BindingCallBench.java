package dev.polling.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.polling.epoll.EpollOs;
import dev.polling.spi.Binding;
import dev.polling.detection.BindingDetector;
import dev.polling.spi.NativeBuffer;

/**
 * What one call through each binding's OS interface costs, system call included, on the calls the
 * EPOLL backend makes per event: {@code epoll_ctl} (re-arm), {@code epoll_wait} with nothing ready,
 * the wake-up descriptor's {@code write}/{@code read}, and {@code fcntl(F_GETFD)} (the cheapest
 * system call here, so the binding's own share shows most). Errno is saved or captured as the
 * backends need it. Compare {@code binding=jnr} with {@code binding=ffm} in one sitting
 * ({@code -p binding=jnr,ffm}, JDK 22+); {@link JnrCallBench} breaks JNR's cost down by style.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms256m", "-Xmx256m"})
public class BindingCallBench {
    private static final int EPOLL_CLOEXEC = 0x8_0000;
    private static final int EFD_NONBLOCK = 0x800;
    private static final int EPOLL_CTL_ADD = 1;
    private static final int EPOLL_CTL_MOD = 3;
    private static final int EPOLLIN = 0x1;
    private static final int EPOLLONESHOT = 0x4000_0000;
    private static final int F_GETFD = 1;
    /** Big enough for one {@code struct epoll_event} on every CPU. */
    private static final int EVENT_SIZE = 16;

    /** {@code jnr} or {@code ffm}. */
    @Param({"jnr", "ffm"})
    public String binding;

    private EpollOs os;
    private int epfd;
    private int eventfd;
    private NativeBuffer event;
    private NativeBuffer events;
    private NativeBuffer word;

    /** Binds, opens an epoll descriptor watching an eventfd. */
    @Setup(Level.Trial)
    public void open() {
        Binding b = BindingDetector.parse(binding);
        String reason = BindingDetector.unusableReason(b);
        if (reason != null) {
            throw new IllegalStateException("binding=" + binding + ": " + reason);
        }
        os = b.load(EpollOs.class);
        epfd = check(os.epollCreate1(EPOLL_CLOEXEC));
        eventfd = check(os.eventfd(0, EFD_NONBLOCK));
        event = os.allocate(EVENT_SIZE);
        events = os.allocate(4L * EVENT_SIZE);
        word = os.allocate(8);
        event.putInt(0, EPOLLIN | EPOLLONESHOT);
        check(os.epollCtl(epfd, EPOLL_CTL_ADD, eventfd, event));
        word.putLong(0, 1);
    }

    /** {@code epoll_ctl(MOD)}: the re-arm of every oneshot event. */
    @Benchmark
    public int epollCtl() {
        return os.epollCtl(epfd, EPOLL_CTL_MOD, eventfd, event);
    }

    /** {@code epoll_wait} with timeout 0 and nothing ready. */
    @Benchmark
    public int epollWait() {
        return os.epollWait(epfd, events, 4, 0);
    }

    /** {@code write} then {@code read} of the eventfd: a wake-up and its drain. */
    @Benchmark
    public int writeRead() {
        os.write(eventfd, word, 8);
        return os.read(eventfd, word, 8);
    }

    /** {@code fcntl(F_GETFD)}: the binding's cost beside a minimal system call. */
    @Benchmark
    public int fcntl() {
        return os.fcntl(eventfd, F_GETFD, 0);
    }

    /** Closes what {@link #open()} opened. */
    @TearDown(Level.Trial)
    public void close() {
        os.close(eventfd);
        os.close(epfd);
        event.close();
        events.close();
        word.close();
    }

    private static int check(int result) {
        if (result < 0) {
            throw new IllegalStateException("setup call failed: errno " + -result);
        }
        return result;
    }
}
