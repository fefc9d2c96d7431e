package dev.polling.spi;

/**
 * Which native library a backend binds to, whatever the binding: the C library (or the Windows
 * DLLs), or the library named by {@code -Dpolling.<backend>.library=NAME} so that a compatible
 * implementation can stand in (e.g. a kqueue emulation on Linux). Binding-neutral: the loading
 * itself is the binding's ({@code spi.jnr.JnrLibraries} for JNR-FFI).
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
