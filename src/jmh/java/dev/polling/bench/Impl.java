package dev.polling.bench;

import java.util.Locale;

import dev.polling.Backend;
import dev.polling.PollMode;

/**
 * What a benchmark runs, parsed from a JMH parameter such as {@code epoll-oneshot-raw},
 * {@code selector-level-chan} or {@code jdk-selector}: a backend of this library, a mode, and
 * raw pipe descriptors ({@code raw}) or JDK pipe channels ({@code chan}); or the plain JDK
 * Selector loop, the baseline.
 */
final class Impl {
    /** The name of the plain {@link java.nio.channels.Selector} baseline. */
    static final String JDK_SELECTOR = "jdk-selector";

    private final String name;
    private final Backend backend;
    private final PollMode mode;
    private final boolean raw;

    private Impl(String name, Backend backend, PollMode mode, boolean raw) {
        this.name = name;
        this.backend = backend;
        this.mode = mode;
        this.raw = raw;
    }

    /**
     * Parses {@code backend-mode-raw|chan} or {@code jdk-selector}.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    static Impl parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.equals(JDK_SELECTOR)) {
            return new Impl(n, null, PollMode.LEVEL, false);
        }
        String[] parts = n.split("-");
        if (parts.length != 3 || !(parts[2].equals("raw") || parts[2].equals("chan"))) {
            throw new IllegalArgumentException("impl '" + name
                    + "': expected backend-mode-raw|chan (e.g. epoll-oneshot-raw) or " + JDK_SELECTOR);
        }
        Backend backend = Backend.valueOf(parts[0].toUpperCase(Locale.ROOT));
        PollMode mode = PollMode.valueOf(parts[1].toUpperCase(Locale.ROOT));
        boolean raw = parts[2].equals("raw");
        if (raw && backend == Backend.SELECTOR) {
            throw new IllegalArgumentException("impl '" + name + "': the SELECTOR backend polls channels only");
        }
        return new Impl(n, backend, mode, raw);
    }

    /** The implementation on {@code backend} in {@code mode}, on raw descriptors or JDK channels. */
    static Impl of(Backend backend, PollMode mode, boolean raw) {
        return parse(backend.propertyName() + "-" + mode.name().toLowerCase(Locale.ROOT) + (raw ? "-raw" : "-chan"));
    }

    /** The plain JDK Selector loop. */
    static Impl jdkSelector() {
        return parse(JDK_SELECTOR);
    }

    /** The parameter string. */
    String name() {
        return name;
    }

    /** Whether this is the plain JDK Selector loop rather than a {@link dev.polling.Poller}. */
    boolean isJdkSelector() {
        return backend == null;
    }

    /** The backend, or {@code null} for the plain JDK Selector loop. */
    Backend backend() {
        return backend;
    }

    /** The mode; LEVEL for the plain Selector (it is level-triggered). */
    PollMode mode() {
        return mode;
    }

    /** Raw pipe descriptors ({@code true}) or JDK pipe channels. */
    boolean raw() {
        return raw;
    }

    /** New pipes of the kind this implementation polls. */
    TokenPipes openPipes(int n) throws java.io.IOException {
        return raw ? new RawPipes(n) : new ChannelPipes(n);
    }

    @Override
    public String toString() {
        return name;
    }
}
