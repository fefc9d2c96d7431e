package dev.polling.spi.ffm;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import dev.polling.spi.NativeLibraries;

/**
 * Finds C functions for the {@code java.lang.foreign} binding: in the C library, or in the library
 * named by {@code -Dpolling.<backend>.library=NAME} ({@link NativeLibraries}) so that a compatible
 * implementation can stand in, as with the JNR-FFI binding.
 *
 * <p>Downcall handles are made without a target ({@link #downcall}) and kept in {@code static final}
 * fields, one holder class per library, so that the JIT treats them as constants; each OS object
 * passes the address of the function from the library it was bound to. One JVM can so bind
 * several stand-in libraries without giving up constant call sites.
 *
 * <p>A library named by a path (it contains a separator or a {@code .}) is opened as it is; a bare
 * name is mapped the platform's way ({@code fake} → {@code libfake.so}); the C library
 * ({@value #LIBC}, the name the JNR-FFI binding uses too) is the linker's default lookup. Opened
 * libraries stay loaded for the JVM's life, as with {@code System.loadLibrary}.
 */
public final class FfmLibraries {
    /** The name of the C library, as the JNR-FFI binding spells it. */
    public static final String LIBC = "c";

    private static final Linker LINKER = Linker.nativeLinker();
    private static final ConcurrentMap<String, SymbolLookup> LOOKUPS = new ConcurrentHashMap<>();

    private FfmLibraries() {
    }

    /**
     * The symbols of the library for {@code backendName}: the override if set, else
     * {@code defaultLibrary}.
     *
     * @throws UnsatisfiedLinkError if the library cannot be opened
     */
    public static Library load(String backendName, String defaultLibrary) {
        return open(NativeLibraries.libraryFor(backendName, defaultLibrary));
    }

    /**
     * The symbols of the library {@code name} (no override).
     *
     * @throws UnsatisfiedLinkError if the library cannot be opened
     */
    public static Library open(String name) {
        return new Library(name, LOOKUPS.computeIfAbsent(name, FfmLibraries::lookup));
    }

    /**
     * A downcall handle for a function of type {@code descriptor} at an address given as the
     * handle's first argument (a {@link MemorySegment} from {@link Library#find}).
     */
    @SuppressWarnings("restricted") // the point of this binding; the JVM checks native access at run time
    public static MethodHandle downcall(FunctionDescriptor descriptor, Linker.Option... options) {
        return LINKER.downcallHandle(descriptor, options);
    }

    /**
     * {@code function}'s address as {@link Library#findOptional} found it, checked at the call: a
     * library that lacks it fails there, as JNR-FFI's lazily bound symbols do, so that a backend
     * tells a library it cannot open from one that lacks a function.
     *
     * @throws UnsatisfiedLinkError if the library has no {@code function}
     */
    public static MemorySegment require(MemorySegment address, String function, Library library) {
        if (address.address() == 0) {
            throw new UnsatisfiedLinkError("no function " + function + " in native library " + library.name());
        }
        return address;
    }

    @SuppressWarnings("restricted") // as downcall
    private static SymbolLookup lookup(String name) {
        if (name.equals(LIBC)) {
            return LINKER.defaultLookup();
        }
        boolean path = name.indexOf('/') >= 0 || name.indexOf('\\') >= 0 || name.indexOf('.') >= 0;
        try {
            // A failed open throws out of computeIfAbsent and is not cached: the next call tries again.
            return SymbolLookup.libraryLookup(path ? name : System.mapLibraryName(name), Arena.global());
        } catch (IllegalArgumentException e) {
            UnsatisfiedLinkError error = new UnsatisfiedLinkError("cannot open native library " + name);
            error.initCause(e);
            throw error;
        }
    }

    /** One opened library, to find its functions in. */
    public static final class Library {
        private final String name;
        private final SymbolLookup lookup;

        private Library(String name, SymbolLookup lookup) {
            this.name = name;
            this.lookup = lookup;
        }

        /** The library's name, as given. */
        public String name() {
            return name;
        }

        /**
         * The address of {@code symbol}.
         *
         * @throws UnsatisfiedLinkError if the library has no such function
         */
        public MemorySegment find(String symbol) {
            return lookup.find(symbol)
                    .orElseThrow(() -> new UnsatisfiedLinkError("no function " + symbol + " in native library " + name));
        }

        /** The address of {@code symbol}, or {@link MemorySegment#NULL} if the library lacks it. */
        public MemorySegment findOptional(String symbol) {
            return lookup.find(symbol).orElse(MemorySegment.NULL);
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
