package dev.polling.kqueue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.polling.spi.Platform;

/**
 * Builds {@code fake_kqueue.c}, the kqueue stand-in the Linux tests bind to, once per struct layout
 * (32, 64 or NetBSD's 40) into {@code target/kqueue-stand-in}. Where it cannot be built (not Linux,
 * no gcc) {@link #skipReason()} says why and tests skip with it.
 */
final class KqueueStandIn {
    private static final Path SOURCE = Path.of("src/test/java/dev/polling/kqueue/fake_kqueue.c");
    private static final Path OUT = Path.of("target/kqueue-stand-in");
    private static final Map<Integer, Path> BUILT = new HashMap<>();
    private static String skipReason;

    private KqueueStandIn() {
    }

    /** The stand-in library for {@code layout}, built if needed; {@code null} if it cannot be (see {@link #skipReason()}). */
    static synchronized Path library(int layout) {
        Path built = BUILT.get(layout);
        if (built != null || skipReason != null) {
            return built;
        }
        try {
            if (Platform.current().os() != Platform.Os.LINUX) {
                skipReason = "the kqueue stand-in is built for Linux only";
                return null;
            }
            if (!Files.exists(SOURCE)) {
                skipReason = "kqueue stand-in source not found at " + SOURCE.toAbsolutePath();
                return null;
            }
            Files.createDirectories(OUT);
            Path lib = OUT.resolve("libfakekqueue" + layout + ".so").toAbsolutePath();
            Process p;
            try {
                p = new ProcessBuilder("gcc", "-shared", "-fPIC", "-O1", "-DKEVENT_LAYOUT=" + layout, "-o", lib.toString(),
                        SOURCE.toString(), "-lpthread").redirectErrorStream(true).start();
            } catch (IOException e) {
                skipReason = "no C compiler to build the kqueue stand-in (" + e.getMessage() + ")";
                return null;
            }
            String output = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("building the kqueue stand-in failed:\n" + output);
            }
            BUILT.put(layout, lib);
            return lib;
        } catch (IOException e) {
            throw new AssertionError("building the kqueue stand-in failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while building the kqueue stand-in", e);
        }
    }

    /** Why the stand-in cannot be built here, or {@code null}. */
    static synchronized String skipReason() {
        return skipReason;
    }
}
