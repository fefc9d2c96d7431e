package dev.polling.detection;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

import dev.polling.Backend;
import dev.polling.afd.AfdBackend;
import dev.polling.epoll.EpollBackend;
import dev.polling.kqueue.KqueueBackend;
import dev.polling.mock.MockBackend;
import dev.polling.poll.PollBackend;
import dev.polling.ports.EventPortsBackend;
import dev.polling.selector.SelectorBackend;
import dev.polling.spi.Platform;
import dev.polling.spi.PollerBackend;

/**
 * Chooses and opens backends: the best one for this OS, a forced one
 * ({@code -Dpolling.backend=NAME}), or the {@link Backend#SELECTOR} fallback when the JVM lacks
 * the flags native backends need or native code cannot load. Each backend class is touched only when it is chosen, so a missing JNR-FFI never
 * breaks the selector path.
 */
public final class BackendDetector {
    /** The system property that forces a backend by name (e.g. {@code epoll}, {@code selector}). */
    public static final String BACKEND_PROPERTY = "polling.backend";

    private static final System.Logger LOG = System.getLogger("dev.polling");
    /** The default choice once made; replaced once if the chosen native backend cannot load. */
    private static final AtomicReference<DefaultChoice> CHOICE = new AtomicReference<>();

    private BackendDetector() {
    }

    /** The native backend this OS should use. */
    public static Backend preferredFor(Platform platform) {
        Platform.Os os = platform.os();
        if (os == Platform.Os.LINUX) {
            return Backend.EPOLL;
        }
        if (os.hasKqueue()) {
            return Backend.KQUEUE;
        }
        if (os == Platform.Os.SOLARIS) {
            return Backend.EVENT_PORTS;
        }
        if (os == Platform.Os.WINDOWS) {
            return Backend.AFD;
        }
        return os.isUnix() ? Backend.POLL : Backend.SELECTOR;
    }

    /**
     * Opens the backend forced by {@code -Dpolling.backend}, or else the one {@link DefaultChoice}
     * names: the native backend for this OS when the JVM has the flags it needs, else
     * {@link Backend#SELECTOR}, quietly (the reason is logged once at DEBUG). A native backend that
     * fails to load falls back to SELECTOR, logged once as a warning; a load failure (a missing or
     * broken native library) is remembered, so later calls do not try again.
     */
    public static PollerBackend openDefault() throws IOException {
        String forced = System.getProperty(BACKEND_PROPERTY);
        if (forced != null && !forced.isBlank()) {
            return open(parse(forced));
        }
        DefaultChoice choice = defaultChoice();
        if (choice.backend() == Backend.SELECTOR) {
            return SelectorBackend.open(choice.reason());
        }
        try {
            return open(choice.backend());
        } catch (IOException | RuntimeException | LinkageError e) {
            LOG.log(Level.WARNING, "polling: the " + choice.backend() + " backend cannot load here (" + e
                    + "); using the pure-Java SELECTOR backend instead");
            if (isLoadFailure(e)) {
                DefaultChoice fallback = choice.afterLoadFailure(e);
                CHOICE.compareAndSet(choice, fallback);
                return SelectorBackend.open(fallback.reason());
            }
            return SelectorBackend.open(choice.backend() + " failed to open (" + e + ")");
        }
    }

    /** The default choice, decided and logged once per JVM. */
    private static DefaultChoice defaultChoice() {
        DefaultChoice choice = CHOICE.get();
        if (choice == null) {
            DefaultChoice decided = DefaultChoice.decide(Platform.current());
            if (CHOICE.compareAndSet(null, decided)) {
                LOG.log(Level.DEBUG, () -> "polling: Poller.create() uses " + decided.backend() + ": " + decided.reason()
                        + " (-D" + BACKEND_PROPERTY + "=NAME forces a backend)");
            }
            choice = CHOICE.get();
        }
        return choice;
    }

    /** Whether {@code failure} comes from native code that cannot be loaded, which no retry mends. */
    private static boolean isLoadFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof LinkageError) {
                return true;
            }
        }
        return false;
    }

    /**
     * Opens exactly {@code backend}.
     *
     * @throws IOException if it cannot work here; the message names the backend and the reason
     */
    public static PollerBackend open(Backend backend) throws IOException {
        try {
            return switch (backend) {
                case EPOLL -> EpollBackend.open(BindingDetector.chosen());
                case POLL -> PollBackend.open(BindingDetector.chosen());
                case SELECTOR -> SelectorBackend.open();
                case KQUEUE -> KqueueBackend.open(BindingDetector.chosen());
                case EVENT_PORTS -> EventPortsBackend.open(BindingDetector.chosen());
                case AFD -> AfdBackend.open(BindingDetector.chosen());
                case MOCK -> MockBackend.open();
            };
        } catch (IOException e) {
            throw e.getMessage() != null && e.getMessage().contains(backend.name()) ? e
                    : new IOException("the " + backend + " backend cannot work here: " + e.getMessage(), e);
        } catch (RuntimeException | LinkageError e) {
            throw new IOException("the " + backend + " backend cannot work here: " + e, e);
        }
    }

    /** Why {@code backend} cannot be opened here, or {@code null} if it can. */
    public static String unavailableReason(Backend backend) {
        try {
            open(backend).close();
            return null;
        } catch (IOException | RuntimeException | LinkageError e) {
            return String.valueOf(e.getMessage());
        }
    }

    /** Parses a backend name as {@code -Dpolling.backend} accepts it (case-insensitive, '-' or '_'). */
    public static Backend parse(String name) {
        String normalized = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        if (normalized.equals("PORTS") || normalized.equals("EVENTPORTS")) {
            normalized = "EVENT_PORTS";
        }
        try {
            return Backend.valueOf(normalized);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("-D" + BACKEND_PROPERTY + "=" + name + " names no backend; use one of "
                    + java.util.Arrays.toString(Backend.values()).toLowerCase(Locale.ROOT), e);
        }
    }
}
