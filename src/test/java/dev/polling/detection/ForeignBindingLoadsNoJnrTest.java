package dev.polling.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.polling.spi.Binding;
import dev.polling.spi.Platform;

/**
 * With the {@code java.lang.foreign} binding, a program that polls loads no JNR-FFI or jffi class,
 * and with the flags it needs prints nothing on stderr: checked on a child JVM's class-loading log.
 */
class ForeignBindingLoadsNoJnrTest {
    private static final long CHILD_TIMEOUT_SECONDS = 120;

    @Test
    void shouldPollOnEpollAndPollWithoutLoadingJnr(@TempDir Path dir) throws Exception {
        assumeTrue(BindingDetector.unusableReason(Binding.FFM) == null, BindingDetector.unusableReason(Binding.FFM));
        assumeTrue(Platform.current().os() == Platform.Os.LINUX, "EPOLL and POLL run on Linux here");

        Child child = run(dir, "EPOLL", "POLL");

        assertEquals(0, child.exitCode, "child failed; stdout:\n" + child.stdout + "\nstderr:\n" + child.stderr);
        assertTrue(child.stdout.contains("polled EPOLL through FFM") && child.stdout.contains("polled POLL through FFM"),
                child.stdout);
        List<String> loaded = child.stdout.lines().filter(l -> l.contains("[class,load]")).collect(Collectors.toList());
        assertTrue(loaded.stream().anyMatch(l -> l.contains("dev.polling.epoll.ffm.FfmEpollOs")),
                "the log shows the classes loaded, the FFM binding among them");
        List<String> jnr = loaded.stream()
                .filter(l -> l.contains(" jnr.") || l.contains(" com.kenai.jffi.") || l.contains(" dev.polling.spi.jnr."))
                .collect(Collectors.toList());
        assertEquals(List.of(), jnr, "JNR-FFI or jffi classes loaded by a java.lang.foreign run");
        assertEquals("", child.stderr, "a run with the documented flags prints nothing on stderr");
    }

    private static Child run(Path dir, String... backends) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED",
                "--enable-native-access=ALL-UNNAMED",
                "-Xlog:class+load=info:stdout",
                PollsWithoutJnr.class.getName()));
        command.addAll(List.of(backends));
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the child JVM did not finish in " + CHILD_TIMEOUT_SECONDS + " s");
        }
        return new Child(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static final class Child {
        final int exitCode;
        final String stdout;
        final String stderr;

        Child(int exitCode, String stdout, String stderr) {
            this.exitCode = exitCode;
            this.stdout = stdout;
            this.stderr = stderr;
        }
    }
}
