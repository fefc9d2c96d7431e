package dev.polling.spi.jnr;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import jnr.ffi.LibraryLoader;
import jnr.ffi.LibraryOption;

import dev.polling.spi.NativeLibraries;

/**
 * Loads a backend's JNR-FFI library interfaces, from the C library or from the library named by
 * {@code -Dpolling.<backend>.library=NAME} ({@link NativeLibraries}).
 *
 * <p>Each interface is generated and loaded once per JVM and library name, then shared by every
 * poller: JNR-FFI generates a class and keeps native state for each load, which would cost
 * milliseconds and a few hundred bytes of C heap per {@code Poller.create()}.
 */
public final class JnrLibraries {
    /** The library name JNR maps to this OS's C library. */
    public static final String LIBC = "c";

    /** Interfaces already loaded, by interface and library name. */
    private static final ConcurrentMap<List<Object>, Object> LOADED = new ConcurrentHashMap<>();

    private JnrLibraries() {
    }

    /**
     * Binds {@code binding} to the library for {@code backendName}: the override if set, else
     * {@code defaultLibrary}. Symbols are resolved when first called, so an interface may list
     * optional functions (call them inside a try for {@link UnsatisfiedLinkError}).
     *
     * @throws UnsatisfiedLinkError if the library cannot be found or jffi's native stub cannot load
     */
    public static <T> T load(Class<T> binding, String backendName, String defaultLibrary) {
        return loadLibrary(binding, NativeLibraries.libraryFor(backendName, defaultLibrary));
    }

    /**
     * Binds {@code binding} to the library {@code libraryName} (no override), once per JVM.
     *
     * @throws UnsatisfiedLinkError if the library cannot be found or jffi's native stub cannot load
     */
    private static <T> T loadLibrary(Class<T> binding, String libraryName) {
        // A failed load throws out of computeIfAbsent and is not cached: the next call tries again.
        return binding.cast(LOADED.computeIfAbsent(List.of(binding, libraryName), k -> LibraryLoader.create(binding)
                .option(LibraryOption.LoadNow, Boolean.FALSE)
                .load(libraryName)));
    }
}
