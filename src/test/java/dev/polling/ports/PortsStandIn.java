package dev.polling.ports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import dev.polling.spi.Platform;

/**
 * Builds {@code fake_ports.c}, the event-port stand-in the Linux tests bind to, into
 * {@code target/ports-stand-in}. Where it cannot be built (not Linux,
 * no gcc) {@link #skipReason()} says why and tests skip with it.
 */
final class PortsStandIn {
    private static final Path SOURCE = Path.of("src/test/java/dev/polling/ports/fake_ports.c");
    private static final Path OUT = Path.of("target/ports-stand-in");
    private static Path built;
    private static String skipReason;

    private PortsStandIn() {
    }

    /** The stand-in library, built if needed; {@code null} if it cannot be (see {@link #skipReason()}). */
    static synchronized Path library() {
        if (built != null || skipReason != null) {
            return built;
        }
        try {
            if (Platform.current().os() != Platform.Os.LINUX) {
                skipReason = "the event-port stand-in is built for Linux only";
                return null;
            }
            if (!Files.exists(SOURCE)) {
                skipReason = "event-port stand-in source not found at " + SOURCE.toAbsolutePath();
                return null;
            }
            Files.createDirectories(OUT);
            Path lib = OUT.resolve("libfakeports.so").toAbsolutePath();
            Process p;
            try {
                p = new ProcessBuilder("gcc", "-shared", "-fPIC", "-O1", "-o", lib.toString(),
                        SOURCE.toString(), "-lpthread").redirectErrorStream(true).start();
            } catch (IOException e) {
                skipReason = "no C compiler to build the event-port stand-in (" + e.getMessage() + ")";
                return null;
            }
            String output = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("building the event-port stand-in failed:\n" + output);
            }
            built = lib;
            return lib;
        } catch (IOException e) {
            throw new AssertionError("building the event-port stand-in failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while building the event-port stand-in", e);
        }
    }

    /** Why the stand-in cannot be built here, or {@code null}. */
    static synchronized String skipReason() {
        return skipReason;
    }
}
