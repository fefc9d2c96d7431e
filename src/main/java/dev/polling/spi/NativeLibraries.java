package dev.polling.spi;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import jnr.ffi.LibraryLoader;
import jnr.ffi.LibraryOption;

/**
 * Loads a backend's JNR-FFI binding from the C library, or from the library named by
 * {@code -Dpolling.<backend>.library=NAME} so that a compatible implementation can stand in
 * (e.g. a kqueue emulation on Linux).
 *
 * <p>Each binding is generated and loaded once per JVM and library name, then shared by every
 * poller: JNR-FFI generates a class and keeps native state for each load, which would cost
 * milliseconds and a few hundred bytes of C heap per {@code Poller.create()}.
 */
public final class NativeLibraries {
    /** Bindings already loaded, by interface and library name. */
    private static final ConcurrentMap<List<Object>, Object> LOADED = new ConcurrentHashMap<>();

    private NativeLibraries() {
    }

    /** The system property that overrides the library of {@code backendName}, e.g. {@code polling.kqueue.library}. */
    public static String libraryProperty(String backendName) {
        return "polling." + backendName + ".library";
    }

    /** The library to bind for {@code backendName}: the override if set, else {@code defaultLibrary}. */
    public static String libraryFor(String backendName, String defaultLibrary) {
        String override = System.getProperty(libraryProperty(backendName));
        return override == null || override.isBlank() ? defaultLibrary : override.trim();
    }

    /**
     * Binds {@code binding} to the library for {@code backendName}. Symbols are resolved when first
     * called, so an interface may list optional functions (call them inside a try for
     * {@link UnsatisfiedLinkError}).
     *
     * @throws UnsatisfiedLinkError if the library cannot be found or jffi's native stub cannot load
     */
    public static <T> T load(Class<T> binding, String backendName, String defaultLibrary) {
        return loadLibrary(binding, libraryFor(backendName, defaultLibrary));
    }

    /**
     * Binds {@code binding} to the library {@code libraryName} (no override), once per JVM.
     *
     * @throws UnsatisfiedLinkError if the library cannot be found or jffi's native stub cannot load
     */
    public static <T> T loadLibrary(Class<T> binding, String libraryName) {
        // A failed load throws out of computeIfAbsent and is not cached: the next call tries again.
        return binding.cast(LOADED.computeIfAbsent(List.of(binding, libraryName), k -> LibraryLoader.create(binding)
                .option(LibraryOption.LoadNow, Boolean.FALSE)
                .load(libraryName)));
    }

    /**
     * The first line of a load failure's message in brackets, for a message that already says what
     * failed; nothing when it says nothing (JNR's "unknown").
     */
    public static String causeDetail(Throwable cause) {
        String m = cause.getMessage();
        if (m == null || m.isBlank() || m.equals("unknown")) {
            return "";
        }
        int nl = m.indexOf('\n');
        return " [" + (nl < 0 ? m : m.substring(0, nl)) + "]";
    }
}
