package dev.polling.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.polling.Backend;
import dev.polling.detection.BackendDetector;
import dev.polling.spi.Platform;
import dev.polling.testsupport.ChildJvm;
import dev.polling.testsupport.ChildJvm.Output;

/**
 * A named module that {@code requires dev.polling} (src/test/modules/dev.polling.app), compiled and
 * run on the module path in a fresh JVM of the JDK under test, exactly as the README says: with
 * the documented flags it runs on the native backend and prints nothing on stderr; with none it
 * runs on SELECTOR, also silently.
 *
 * <p>This is the JDK 17–21 recipe, JNR-FFI's: the library is its class directory, which hides the
 * java.lang.foreign part from every JDK, so the JNR binding runs here on any JDK. The JDK 22+
 * recipe, on the multi-release jar, is {@link ForeignBindingModulePathTest}'s.
 */
class ModulePathTest {
    /** The README's module-path flags for the EPOLL backend. */
    static final List<String> README_FLAGS = List.of(
            "--add-exports", "java.base/sun.nio.ch=dev.polling",
            "--add-exports", "dev.polling/dev.polling.epoll.jnr=ALL-UNNAMED",
            "--add-modules", "org.jnrproject.ffi,org.objectweb.asm",
            "--enable-native-access=dev.polling,org.jnrproject.jffi");

    private static final Duration LIMIT = Duration.ofSeconds(60);

    @TempDir
    static Path work;
    private static String modulePath;

    @BeforeAll
    static void compileTheApp() throws Exception {
        List<String> library = ChildJvm.libraryPath();
        assumeTrue(Files.exists(Path.of(library.get(0), "module-info.class")), "the library was not compiled as a module here");
        Path sources = Path.of("src", "test", "modules", "dev.polling.app");
        Path classes = work.resolve("app");
        String path = String.join(File.pathSeparator, library);
        List<String> command = new ArrayList<>(List.of(ChildJvm.tool("javac"), "-d", classes.toString(), "--module-path", path));
        try (Stream<Path> walk = Files.walk(sources)) {
            walk.filter(p -> p.toString().endsWith(".java")).map(Path::toString).forEach(command::add);
        }
        Output out = ChildJvm.run(command, LIMIT);
        assertEquals("", out.stdout() + out.stderr(), "the app did not compile cleanly");
        modulePath = classes + File.pathSeparator + path;
    }

    @Test
    void shouldRunOnTheNativeBackendWithTheReadmeFlagsAndPrintNothing() throws Exception {
        assumeTrue(BackendDetector.preferredFor(Platform.current()) == Backend.EPOLL, "the README's flags shown are EPOLL's");
        assumeTrue(BackendDetector.unavailableReason(Backend.EPOLL) == null, "EPOLL cannot open here");

        Output out = runApp(README_FLAGS);

        assertEquals("EPOLL events=1 key=0", out.stdout().strip(), () -> "on the module path with the README's flags: " + out);
        assertEquals("", out.stderr(), "the module-path app printed on stderr");
    }

    @Test
    void shouldRunOnSelectorWithNoFlagsAndPrintNothing() throws Exception {
        Output out = runApp(List.of());

        assertEquals("SELECTOR events=1 key=0", out.stdout().strip(), () -> "on the module path with no flags: " + out);
        assertEquals("", out.stderr(), "the module-path app printed on stderr");
    }

    @Test
    void shouldStayOnSelectorQuietlyWhenTheBindingPackageIsNotExported() throws Exception {
        assumeTrue(BackendDetector.preferredFor(Platform.current()) == Backend.EPOLL, "the flags shown are EPOLL's");
        List<String> withoutBindingExport = new ArrayList<>(README_FLAGS);
        withoutBindingExport.removeAll(List.of("--add-exports", "dev.polling/dev.polling.epoll.jnr=ALL-UNNAMED"));
        withoutBindingExport.add(0, "--add-exports");

        Output out = runApp(withoutBindingExport);

        assertTrue(out.stdout().startsWith("SELECTOR"), () -> "without the binding export: " + out);
        assertEquals("", out.stderr(), "a missing flag must not make the library print");
    }

    /** Runs the app with {@code flags} on the JDK under test. */
    private static Output runApp(List<String> flags) throws Exception {
        List<String> command = new ArrayList<>(List.of(ChildJvm.tool("java")));
        command.addAll(flags);
        command.addAll(List.of("--module-path", modulePath, "-m", "dev.polling.app/dev.polling.app.Main"));
        return ChildJvm.run(command, LIMIT);
    }
}
