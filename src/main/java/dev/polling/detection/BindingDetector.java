package dev.polling.detection;

import java.util.Locale;

import dev.polling.spi.Binding;

/**
 * Chooses the {@link Binding} through which native backends reach the OS, the one place that
 * decides, handing its choice to each backend's {@code open(Binding)}: {@code java.lang.foreign}
 * on JDK 22 and later, JNR-FFI on JDK 17 to 21, or the one {@code -Dpolling.binding=ffm|jnr}
 * forces. A forced binding that cannot work throws, naming why: never a silent fallback.
 *
 * <p>The {@code java.lang.foreign} binding lives in {@code META-INF/versions/22} of the
 * multi-release jar, so a JDK before 22 does not see it; on 22+ it is the default, and then no
 * JNR-FFI or jffi class is loaded at all. JNR-FFI is an optional dependency: a JVM that uses the
 * {@code java.lang.foreign} binding does not need it on the class or module path.
 *
 * <p>Stateless and thread-safe: the property is read at each call, so a test may switch it
 * between pollers; what the JVM offers is probed once.
 */
public final class BindingDetector {
    /** The system property that forces a binding: {@code ffm} or {@code jnr}. */
    public static final String BINDING_PROPERTY = "polling.binding";

    /** The first JDK whose {@code java.lang.foreign} the binding is written for. */
    static final int FFM_FEATURE = 22;

    /** A class of the {@code java.lang.foreign} binding, to tell whether this JVM sees that part of the jar. */
    private static final String FFM_CLASS = "dev.polling.spi.ffm.FfmNativeBuffer";
    /** A class of JNR-FFI, to tell whether it is on the class or module path. */
    private static final String JNR_CLASS = "jnr.ffi.LibraryLoader";
    /** A class of jffi, whose module loads the JNI stub JNR-FFI calls through. */
    private static final String JFFI_CLASS = JvmFlags.NATIVE_LOADER_CLASS;

    private BindingDetector() {
    }

    /**
     * The binding pollers use: the forced one, else {@code java.lang.foreign} where it can work,
     * else JNR-FFI.
     *
     * @throws IllegalArgumentException if {@code -Dpolling.binding} names no binding
     * @throws IllegalStateException    if the forced binding cannot work here; the message says why
     */
    public static Binding chosen() {
        String forced = System.getProperty(BINDING_PROPERTY);
        if (forced == null || forced.isBlank()) {
            return unusableReason(Binding.FFM) == null ? Binding.FFM : Binding.JNR;
        }
        Binding binding = parse(forced);
        String reason = unusableReason(binding);
        if (reason != null) {
            throw new IllegalStateException("-D" + BINDING_PROPERTY + "=" + forced.trim() + " cannot work here: " + reason);
        }
        return binding;
    }

    /** Parses a binding name as {@code -Dpolling.binding} accepts it (case-insensitive). */
    public static Binding parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (Binding b : Binding.values()) {
            if (b.propertyName().equals(n)) {
                return b;
            }
        }
        throw new IllegalArgumentException("-D" + BINDING_PROPERTY + "=" + name + " names no binding; use ffm or jnr");
    }

    /** Why {@code binding} cannot work in this JVM, or {@code null} if it can. */
    public static String unusableReason(Binding binding) {
        // Separate holders: asking about FFM must not load a JNR class, even to look for one.
        return binding == Binding.FFM ? FfmProbe.REASON : JnrProbe.REASON;
    }

    /**
     * Whether {@link #chosen()}'s native calls are allowed without the JVM warning about them
     * (JDK 22+: {@code --enable-native-access=dev.polling} on the module path,
     * {@code =ALL-UNNAMED} on the class path, or {@code Enable-Native-Access} in an executable
     * jar's manifest). Always true before JDK 22, where native access is not restricted. For
     * JNR-FFI it is jffi's module, which loads the native stub, that must be allowed.
     *
     * @throws IllegalArgumentException as {@link #chosen()}
     * @throws IllegalStateException    as {@link #chosen()}
     */
    public static boolean nativeAccessEnabled() {
        return nativeAccessEnabled(chosen());
    }

    /** As {@link #nativeAccessEnabled()}, for {@code binding} (which must be usable here). */
    public static boolean nativeAccessEnabled(Binding binding) {
        return JvmFlags.nativeAccessEnabled(binding == Binding.FFM ? BindingDetector.class.getModule() : jffiModule());
    }

    private static Module jffiModule() {
        try {
            return Class.forName(JFFI_CLASS, false, BindingDetector.class.getClassLoader()).getModule();
        } catch (ClassNotFoundException e) {
            return BindingDetector.class.getModule();
        }
    }

    private static boolean present(String name) {
        try {
            Class.forName(name, false, BindingDetector.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Whether this JVM can use the {@code java.lang.foreign} binding, probed once. */
    private static final class FfmProbe {
        static final String REASON = reason();

        private static String reason() {
            int feature = Runtime.version().feature();
            if (feature < FFM_FEATURE) {
                return "the java.lang.foreign binding needs JDK " + FFM_FEATURE + " or newer; this is JDK " + feature;
            }
            if (!present(FFM_CLASS)) {
                return "the java.lang.foreign binding is not on the class path: it is in META-INF/versions/"
                        + FFM_FEATURE + " of the polling jar, which the JDK reads only from a jar (Multi-Release: true)";
            }
            return null;
        }
    }

    /** Whether JNR-FFI is on the class or module path, probed once (this loads a JNR class). */
    private static final class JnrProbe {
        static final String REASON = present(JNR_CLASS) ? null
                : "JNR-FFI is not on the class path, or not resolved on the module path (add"
                        + " --add-modules org.jnrproject.ffi,org.objectweb.asm)";
    }
}
