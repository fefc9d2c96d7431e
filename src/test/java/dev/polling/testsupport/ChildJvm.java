package dev.polling.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import dev.polling.Poller;

/**
 * Runs a tool of the JDK under test ({@code java}, {@code javac}) in a child process, for tests that
 * need a fresh JVM: JVM flags, class or module path, or a scheduler fixed at start-up.
 */
public final class ChildJvm {
    private ChildJvm() {
    }

    /** What a child process printed, and how it ended. */
    public record Output(String stdout, String stderr, int exitCode) {
        /** The {@code name=value} lines of stdout. */
        public Map<String, String> values() {
            Map<String, String> values = new HashMap<>();
            for (String line : stdout.split("\n")) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    values.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            return values;
        }
    }

    /** The path of {@code tool} ({@code java}, {@code javac}) in the JDK running the tests. */
    public static String tool(String tool) {
        return Path.of(System.getProperty("java.home"), "bin", tool).toString();
    }

    /** The library's classes and its runtime dependencies (JNR-FFI, jffi, ASM), nothing of the tests. */
    public static List<String> libraryPath() {
        List<String> entries = new ArrayList<>();
        try {
            entries.add(Path.of(Poller.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (name.startsWith("jnr-") || name.startsWith("jffi-") || name.startsWith("asm")) {
                entries.add(entry);
            }
        }
        return entries;
    }

    /**
     * The library as its users get it: the classes (with the java.lang.foreign part under
     * {@code META-INF/versions/22}) packed into {@code dir/polling.jar}, a jar saying
     * {@code Multi-Release: true}, so that a JDK 22+ child sees that part, as a class directory
     * never lets it.
     */
    public static Path libraryJar(Path dir) throws IOException {
        Path classes;
        try {
            classes = Path.of(Poller.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        Path jar = dir.resolve("polling.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MULTI_RELEASE, "true");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest);
                Stream<Path> tree = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) tree.filter(Files::isRegularFile).sorted()::iterator) {
                String name = classes.relativize(f).toString().replace('\\', '/');
                if (name.equals("META-INF/MANIFEST.MF")) {
                    continue;
                }
                out.putNextEntry(new JarEntry(name));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
        return jar;
    }

    /**
     * Runs {@code command} to completion within {@code limit} and requires exit code 0.
     *
     * @throws AssertionError if it runs longer (it is killed) or exits otherwise
     */
    public static Output run(List<String> command, Duration limit) throws Exception {
        Process process = new ProcessBuilder(command).start();
        CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not finish within " + limit);
        }
        Output out = new Output(stdout.get(10, TimeUnit.SECONDS), stderr.get(10, TimeUnit.SECONDS), process.exitValue());
        assertEquals(0, out.exitCode(), () -> command + " failed: " + out);
        return out;
    }

    private static String readAll(InputStream in) {
        try (in) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            in.transferTo(bytes);
            return bytes.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
