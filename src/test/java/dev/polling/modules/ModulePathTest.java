package dev.polling.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.polling.Backend;
import dev.polling.Poller;
import dev.polling.detection.BackendDetector;
import dev.polling.spi.Platform;

/**
 * A named module that {@code requires dev.polling} (src/test/modules/dev.polling.app), compiled and
 * run on the module path in a fresh JVM of the JDK under test, exactly as the README says: with
 * the documented flags it runs on the native backend and prints nothing on stderr; with none it
 * runs on SELECTOR, also silently.
 */
class ModulePathTest {
    /** The README's module-path flags for the EPOLL backend. */
    static final List<String> README_FLAGS = List.of(
            "--add-exports", "java.base/sun.nio.ch=dev.polling",
            "--add-exports", "dev.polling/dev.polling.epoll=ALL-UNNAMED",
            "--enable-native-access=dev.polling,org.jnrproject.jffi");

    @TempDir
    static Path work;
    private static String modulePath;

    @BeforeAll
    static void compileTheApp() throws Exception {
        Path library = Path.of(Poller.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assumeTrue(Files.exists(library.resolve("module-info.class")), "the library was not compiled as a module here");
        List<String> entries = new ArrayList<>(List.of(library.toString()));
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (name.startsWith("jnr-") || name.startsWith("jffi-") || name.startsWith("asm")) {
                entries.add(entry); // the library's runtime dependencies, nothing of the test class path
            }
        }
        Path sources = Path.of("src", "test", "modules", "dev.polling.app");
        Path classes = work.resolve("app");
        List<String> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).map(Path::toString).collect(Collectors.toList());
        }
        String path = String.join(File.pathSeparator, entries);
        String javac = Path.of(System.getProperty("java.home"), "bin", "javac").toString();
        List<String> command = new ArrayList<>(List.of(javac, "-d", classes.toString(), "--module-path", path));
        command.addAll(files);
        Output out = run(command);
        assertEquals("", out.stdout + out.stderr, "the app did not compile cleanly");
        modulePath = classes + File.pathSeparator + path;
    }

    @Test
    void shouldRunOnTheNativeBackendWithTheReadmeFlagsAndPrintNothing() throws Exception {
        assumeTrue(BackendDetector.preferredFor(Platform.current()) == Backend.EPOLL, "the README's flags shown are EPOLL's");
        assumeTrue(BackendDetector.unavailableReason(Backend.EPOLL) == null, "EPOLL cannot open here");

        Output out = runApp(README_FLAGS);

        assertEquals("EPOLL events=1 key=0", out.stdout.strip(), () -> "on the module path with the README's flags: " + out);
        assertEquals("", out.stderr, "the module-path app printed on stderr");
    }

    @Test
    void shouldRunOnSelectorWithNoFlagsAndPrintNothing() throws Exception {
        Output out = runApp(List.of());

        assertEquals("SELECTOR events=1 key=0", out.stdout.strip(), () -> "on the module path with no flags: " + out);
        assertEquals("", out.stderr, "the module-path app printed on stderr");
    }

    @Test
    void shouldStayOnSelectorQuietlyWhenTheBindingPackageIsNotExported() throws Exception {
        assumeTrue(BackendDetector.preferredFor(Platform.current()) == Backend.EPOLL, "the flags shown are EPOLL's");
        List<String> withoutBindingExport = new ArrayList<>(README_FLAGS);
        withoutBindingExport.removeAll(List.of("--add-exports", "dev.polling/dev.polling.epoll=ALL-UNNAMED"));
        withoutBindingExport.add(0, "--add-exports");

        Output out = runApp(withoutBindingExport);

        assertTrue(out.stdout.startsWith("SELECTOR"), () -> "without the binding export: " + out);
        assertEquals("", out.stderr, "a missing flag must not make the library print");
    }

    /** Runs the app with {@code flags} on the JDK under test. */
    private static Output runApp(List<String> flags) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(flags);
        command.addAll(List.of("--module-path", modulePath, "-m", "dev.polling.app/dev.polling.app.Main"));
        return run(command);
    }

    private static Output run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).start();
        CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command.get(0) + " did not finish within 60 s");
        }
        Output out = new Output(stdout.get(10, TimeUnit.SECONDS), stderr.get(10, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), () -> command + " failed: " + out);
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

    /** What the app printed. */
    private record Output(String stdout, String stderr) {
    }
}
