package dev.polling.detection;

import java.util.Locale;

import dev.polling.spi.Binding;

/**
 * Chooses the binding through which native backends reach the OS: the one place that decides,
 * handing its choice to each backend's {@code open(Binding)}.
 *
 * <p>Today {@link Binding#JNR} unless {@code -Dpolling.binding=NAME} forces one; the
 * {@code java.lang.foreign} binding (JDK 22+) plugs in here. A forced binding that cannot work
 * makes the backend fail to open, naming why: never a silent fallback.
 */
public final class BindingDetector {
    /** The system property that forces a binding by name ({@code jnr} or {@code ffm}). */
    public static final String BINDING_PROPERTY = "polling.binding";

    private BindingDetector() {
    }

    /** The binding native backends use in this JVM. */
    public static Binding chosen() {
        String forced = System.getProperty(BINDING_PROPERTY);
        return forced == null || forced.isBlank() ? Binding.JNR : parse(forced);
    }

    /** Parses a binding name as {@code -Dpolling.binding} accepts it (case-insensitive). */
    public static Binding parse(String name) {
        try {
            return Binding.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("-D" + BINDING_PROPERTY + "=" + name + " names no binding; use jnr or ffm", e);
        }
    }
}
