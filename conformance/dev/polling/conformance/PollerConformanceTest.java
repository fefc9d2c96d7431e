package dev.polling.conformance;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import dev.polling.Backend;
import dev.polling.Poller;
import dev.polling.detection.BackendDetector;
import dev.polling.testsupport.NativeFrames;

/**
 * The conformance suite: every rule of the design's "Semantics every backend must show", run
 * against one backend per subclass (the shape of Netty's testsuite and JCTools' contract tests).
 *
 * <p>The rules live in small contract interfaces, one topic each ({@link ModeContract},
 * {@link ReadinessContract}, {@link TimeoutContract}, {@link WakeupContract},
 * {@link ConcurrentRegistrationContract}, {@link ConcurrentPollContract},
 * {@link ManySourcesContract}, {@link RegistrationErrorContract}, {@link RawDescriptorContract},
 * {@link ClosedSourceContract}, {@link LifecycleContract}, {@link ModeSupportContract},
 * {@link InterruptContract}); this class
 * implements them all and supplies the {@link ConformanceFixture}: a fresh poller per test, a
 * {@link SourceKit}, helper threads, and clean-up that cannot hang.
 *
 * <p><b>A backend per subclass.</b> A subclass only names its backend:
 * <pre>{@code
 * class EpollConformanceTest extends PollerConformanceTest {
 *     EpollConformanceTest() { super(Backend.EPOLL); }
 * }
 * }</pre>
 * A backend that cannot be opened here is <em>skipped</em> with the reason from
 * {@link BackendDetector#unavailableReason}, never passed. {@code -Dpolling.conformance.backends=EPOLL,POLL}
 * (a comma list, case-insensitive) runs only those; the others are skipped saying so.
 *
 * <p><b>How sources become ready.</b> Tests never do I/O themselves: they ask the
 * {@link SourceKit} for pipes and sockets and to make them readable, drain them, hang them up.
 * {@link RealIoSourceKit} (the default) does real I/O, which OS backends need. A backend driven
 * some other way overrides the two hooks:
 * <ul>
 *   <li>{@link #openPoller()} — how a poller of this backend is created (default:
 *       {@code Poller.create(backend)});</li>
 *   <li>{@link #newSourceKit(Poller)} — the kit for the test's poller. The mock backend's kit
 *       hands out real JDK channels (as tokens) and "fires" them through the mock instead of
 *       writing bytes; a kit method it cannot honour calls {@code Assumptions.abort(reason)}.</li>
 * </ul>
 * A test that cannot apply to such a backend (e.g. one that measures real time against a mock
 * with a virtual clock) is switched off in the subclass by overriding the method with
 * {@code @Test @Disabled("why") @Override public void shouldXxx() {}} — reported as skipped.
 *
 * <p><b>Timing.</b> No sleeps as synchronisation: waits that must end are bounded by
 * {@link ConformanceFixture#CEILING}; each test has a hard {@link Timeout} run on a separate
 * thread, so a poll stuck in native code fails the test instead of hanging the build; clean-up
 * closes pollers with a bound too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
public abstract class PollerConformanceTest implements ModeContract, ModeSupportContract, ReadinessContract,
        TimeoutContract, WakeupContract, ConcurrentRegistrationContract, ConcurrentPollContract,
        ManySourcesContract, RegistrationErrorContract, RawDescriptorContract, ClosedSourceContract,
        LifecycleContract, InterruptContract {

    /** The system property that restricts which backends run: a comma list of names. */
    public static final String BACKENDS_PROPERTY = "polling.conformance.backends";

    private static final System.Logger LOG = System.getLogger("dev.polling.conformance");

    private final Backend backend;
    private final List<Poller> pollers = new ArrayList<>();
    private Poller poller;
    private SourceKit sources;
    /** Why this backend's tests are skipped, or {@code null} when they run. */
    private String skipReason;
    /** How long {@link #letPollBlock()} waits for a poll to block before letting the test go on. */
    private static final Duration LET_POLL_BLOCK_LIMIT = Duration.ofSeconds(5);

    private ExecutorService threads;
    /** Every thread {@link #async} has used in this test, for {@link #letPollBlock()}. */
    private final List<Thread> asyncThreads = new CopyOnWriteArrayList<>();

    /** A suite for {@code backend}. */
    protected PollerConformanceTest(Backend backend) {
        this.backend = Objects.requireNonNull(backend, "backend");
    }

    /** Creates a poller of the backend under test; override when it is not made by {@code Poller.create}. */
    protected Poller openPoller() throws IOException {
        return Poller.create(backend);
    }

    /** The source kit for {@code poller}; override for a backend not driven by real I/O (the mock). */
    protected SourceKit newSourceKit(Poller poller) {
        return new RealIoSourceKit();
    }

    @BeforeAll
    final void probeBackend() {
        Set<Backend> selected = selectedBackends();
        if (selected != null && !selected.contains(backend)) {
            skipReason = backend + " not selected by -D" + BACKENDS_PROPERTY + "=" + System.getProperty(BACKENDS_PROPERTY);
        } else {
            String reason = BackendDetector.unavailableReason(backend);
            skipReason = reason == null ? null : backend + " is not available here: " + reason;
        }
        if (skipReason != null) {
            LOG.log(System.Logger.Level.INFO, "conformance skipped: " + skipReason);
        }
    }

    @BeforeEach
    final void openFixture() throws IOException {
        // Per test rather than per class, so that every test shows as skipped with the reason.
        assumeTrue(skipReason == null, skipReason);
        asyncThreads.clear();
        threads = Executors.newCachedThreadPool(task -> {
            Thread t = new Thread(task, "conformance-" + backend.propertyName());
            t.setDaemon(true); // a thread stuck in a broken backend must not keep the JVM alive
            asyncThreads.add(t);
            return t;
        });
        poller = newPoller();
        sources = newSourceKit(poller);
    }

    @AfterEach
    final void closeFixture() throws Exception {
        if (threads == null) {
            return; // skipped
        }
        threads.shutdownNow();
        try {
            for (Poller p : pollers) {
                closeWithin(p);
            }
        } finally {
            pollers.clear();
            threads = null;
            if (sources != null) {
                sources.close();
            }
        }
    }

    @Override
    public final Backend backend() {
        return backend;
    }

    @Override
    public final Poller poller() {
        return poller;
    }

    @Override
    public final SourceKit sources() {
        return sources;
    }

    @Override
    public final Poller newPoller() throws IOException {
        Poller p = openPoller();
        pollers.add(p);
        return p;
    }

    @Override
    public final <T> Future<T> async(Callable<T> task) {
        return threads.submit(task);
    }

    @Override
    public final void letPollBlock() {
        long deadline = System.nanoTime() + LET_POLL_BLOCK_LIMIT.toNanos();
        while (asyncThreads.stream().noneMatch(PollerConformanceTest::isBlockedInPoll) && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(Duration.ofMillis(1).toNanos()); // re-checking a condition, not a delay
        }
    }

    /** Inside {@code Poller.poll} and either in a native call (the OS wait) or parked (the mock, the poll lock). */
    private static boolean isBlockedInPoll(Thread t) {
        StackTraceElement[] stack = t.getStackTrace();
        boolean inPoll = Arrays.stream(stack)
                .anyMatch(f -> f.getClassName().equals("dev.polling.Poller") && f.getMethodName().equals("poll"));
        Thread.State state = t.getState();
        return inPoll && (NativeFrames.inNativeCall(stack)
                || state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING);
    }

    /** The backends named by {@link #BACKENDS_PROPERTY}, or {@code null} for all. */
    static Set<Backend> selectedBackends() {
        String list = System.getProperty(BACKENDS_PROPERTY);
        if (list == null || list.isBlank()) {
            return null;
        }
        Set<Backend> selected = EnumSet.noneOf(Backend.class);
        for (String name : list.split(",")) {
            if (!name.isBlank()) {
                // A misspelt name fails the run loudly rather than skipping everything quietly.
                selected.add(BackendDetector.parse(name.trim().toUpperCase(Locale.ROOT)));
            }
        }
        return selected;
    }

    /** Closes {@code p}, failing (not hanging) if close() does not return within the ceiling. */
    private void closeWithin(Poller p) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread closer = new Thread(() -> {
            try {
                p.close();
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "conformance-close");
        closer.setDaemon(true);
        closer.start();
        closer.join(CEILING.toMillis());
        if (closer.isAlive()) {
            fail(backend + ": close() did not return within " + CEILING + " (a poll stuck in another thread?)");
        }
        if (failure.get() != null) {
            throw new AssertionError(backend + ": close() failed", failure.get());
        }
    }
}
