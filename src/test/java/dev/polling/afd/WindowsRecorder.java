package dev.polling.afd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import jnr.ffi.LibraryLoader;

import dev.polling.spi.Binding;
import dev.polling.spi.Platform;

/**
 * {@code fake_windows.c}, built into {@code target/afd-stand-in} when missing or older than its source: a Linux library
 * with the Windows functions the AFD bindings call, each recording its arguments, returning a set
 * result and leaving a set last error (errno, where both bindings read it on Linux). Read back
 * through JNR-FFI, whichever binding is under test. Where it cannot be built (not Linux, no gcc)
 * {@link #skipReason()} says why and tests skip with it.
 */
final class WindowsRecorder {
    /** The system property that points the AFD bindings at a library of these functions. */
    static final String PROPERTY = "polling.afd.library";
    private static final Path SOURCE = Path.of("src/test/java/dev/polling/afd/fake_windows.c");
    private static final Path LIBRARY = Path.of("target/afd-stand-in/libfakewindows.so").toAbsolutePath();
    private static boolean tried;
    private static String skipReason;
    private static AssertionError buildFailure;
    private static Functions functions;

    /** The recorder's own functions. */
    public interface Functions {
        /** The {@code i}th argument of the last call. */
        long fake_arg(int i);

        /** How many arguments the last call had. */
        int fake_count();

        /** The last function called. */
        String fake_name();

        /** What every recorded function returns. */
        void fake_set_result(long result);

        /** The last error every recorded function leaves (errno on Linux, where the bindings read it). */
        void fake_set_error(int error);
    }

    private WindowsRecorder() {
    }

    /** Why the recorder cannot be built here, or {@code null} once it is built. */
    static synchronized String skipReason() {
        build();
        return skipReason;
    }

    /**
     * The AFD OS interface of {@code binding}, bound to the recorder: {@link #PROPERTY} names it
     * while the binding loads, and is restored after.
     */
    static AfdOs load(Binding binding) {
        String previous = System.setProperty(PROPERTY, library().toString());
        try {
            return binding.load(AfdOs.class);
        } finally {
            if (previous == null) {
                System.clearProperty(PROPERTY);
            } else {
                System.setProperty(PROPERTY, previous);
            }
        }
    }

    /** The built library's path. */
    static Path library() {
        return LIBRARY;
    }

    /** The recorder's functions; call {@link #skipReason()} first. */
    static synchronized Functions functions() {
        build();
        return functions;
    }

    /** Back to a clean slate between tests: every function returns 0 and leaves no error. */
    static void reset() {
        Functions f = functions();
        f.fake_set_result(0);
        f.fake_set_error(0);
    }

    /** The arguments of the last recorded call. */
    static long[] lastArgs() {
        Functions f = functions();
        long[] a = new long[f.fake_count()];
        for (int i = 0; i < a.length; i++) {
            a[i] = f.fake_arg(i);
        }
        return a;
    }

    /** Builds and loads the library on the first call; a failed build fails every later call too. */
    private static void build() {
        if (buildFailure != null) {
            throw buildFailure;
        }
        if (tried) {
            return;
        }
        tried = true;
        try {
            compileAndLoad();
        } catch (RuntimeException | Error e) {
            buildFailure = e instanceof AssertionError a ? a : new AssertionError("loading the Windows argument recorder failed", e);
            throw buildFailure;
        }
    }

    private static void compileAndLoad() {
        if (Platform.current().os() != Platform.Os.LINUX) {
            skipReason = "the Windows argument recorder is built for Linux only";
            return;
        }
        try {
            if (Files.isRegularFile(LIBRARY)
                    && Files.getLastModifiedTime(LIBRARY).compareTo(Files.getLastModifiedTime(SOURCE)) >= 0) {
                // Built already (by this run's JVM, for a child JVM's test): never rewrite a library in use.
                functions = LibraryLoader.create(Functions.class).load(LIBRARY.toString());
                return;
            }
            Files.createDirectories(LIBRARY.getParent());
            Process p;
            try {
                p = new ProcessBuilder("gcc", "-shared", "-fPIC", "-O1", "-o", LIBRARY.toString(), SOURCE.toString())
                        .redirectErrorStream(true).start();
            } catch (IOException e) {
                skipReason = "no C compiler to build the Windows argument recorder (" + e.getMessage() + ")";
                return;
            }
            String output = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("building the Windows argument recorder failed:\n" + output);
            }
        } catch (IOException e) {
            throw new AssertionError("building the Windows argument recorder failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while building the Windows argument recorder", e);
        }
        functions = LibraryLoader.create(Functions.class).load(LIBRARY.toString());
    }
}
