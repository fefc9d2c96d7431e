package dev.polling.modules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.polling.Poller;
import dev.polling.detection.BindingDetector;
import dev.polling.spi.Binding;
import dev.polling.spi.Platform;
import dev.polling.testsupport.ChildJvm;

/**
 * {@code dev.polling} as a named module on JDK 22+: with exactly the two documented flags,
 * {@link Poller#create()} runs on EPOLL through {@code java.lang.foreign}, loads no JNR-FFI or jffi
 * class (their jars are on the module path, as the module descriptor requires them) and prints
 * nothing on stderr. The module is packed from the compiled classes into a multi-release jar, as
 * the build ships it.
 */
class ForeignBindingModulePathTest {
    private static final long CHILD_TIMEOUT_SECONDS = 120;

    @Test
    void shouldPollOnEpollWithOnlyTheTwoDocumentedFlags(@TempDir Path dir) throws Exception {
        assumeTrue(BindingDetector.unusableReason(Binding.FFM) == null, BindingDetector.unusableReason(Binding.FFM));
        assumeTrue(Platform.current().os() == Platform.Os.LINUX, "EPOLL is Linux's");
        Path classes = Path.of(Poller.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assumeTrue(Files.isRegularFile(classes.resolve("module-info.class")), "the library's classes are not a directory here");

        Path jar = ChildJvm.libraryJar(dir);
        String modulePath = String.join(File.pathSeparator, jar.toString(), jarOf(jnr.ffi.LibraryLoader.class),
                jarOf(com.kenai.jffi.MemoryIO.class), jarOf(org.objectweb.asm.ClassVisitor.class));
        Path app = dir.resolve("app");
        String mainClass = PollOnModulePath.class.getName();
        Path mainFile = app.resolve(mainClass.replace('.', '/') + ".class");
        Files.createDirectories(mainFile.getParent());
        try (var in = PollOnModulePath.class.getResourceAsStream(PollOnModulePath.class.getSimpleName() + ".class")) {
            Files.copy(in, mainFile);
        }

        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path", modulePath, "--add-modules", "dev.polling",
                "--add-exports", "java.base/sun.nio.ch=dev.polling", "--enable-native-access=dev.polling",
                "-Xlog:class+load=info:file=" + dir.resolve("classes.log"),
                "-cp", app.toString(), mainClass)
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the child JVM did not finish in " + CHILD_TIMEOUT_SECONDS + " s");
        }
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "stdout:\n" + stdout + "\nstderr:\n" + stderr);
        assertEquals("polled EPOLL in module dev.polling", stdout.strip());
        assertEquals("", stderr, "nothing on stderr");
        List<String> jnr = Files.readAllLines(dir.resolve("classes.log")).stream()
                .filter(l -> l.contains(" jnr.") || l.contains(" com.kenai.jffi.") || l.contains(" org.objectweb.asm."))
                .collect(Collectors.toList());
        assertEquals(List.of(), jnr, "JNR-FFI, jffi or ASM classes loaded by a java.lang.foreign run");
    }

    /** The jar (or directory) {@code type} was loaded from. */
    private static String jarOf(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
