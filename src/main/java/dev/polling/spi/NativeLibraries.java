package dev.polling.spi;

import jnr.ffi.LibraryLoader;
import jnr.ffi.LibraryOption;

/**
 * Loads a backend's JNR-FFI binding from the C library, or from the library named by
 * {@code -Dpolling.<backend>.library=NAME} so that a compatible implementation can stand in
 * (e.g. a kqueue emulation on Linux).
 */
public final class NativeLibraries {
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
        return LibraryLoader.create(binding)
                .option(LibraryOption.LoadNow, Boolean.FALSE)
                .load(libraryFor(backendName, defaultLibrary));
    }
}
