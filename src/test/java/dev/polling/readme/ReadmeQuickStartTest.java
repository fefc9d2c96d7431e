package dev.polling.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.polling.Backend;
import dev.polling.detection.BackendDetector;
import dev.polling.spi.Platform;
import dev.polling.testsupport.ChildJvm;
import dev.polling.testsupport.ChildJvm.Output;

/**
 * The README's quick start, pasted into a file as a new user would and run with plain
 * {@code java QuickStart.java}: with no flags it gets its event on SELECTOR and prints nothing on
 * stderr; with the README's class-path flags it runs on the native backend, as quietly.
 */
class ReadmeQuickStartTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void shouldGetItsEventQuietlyWithNoFlags() throws Exception {
        Output out = runQuickStart(List.of());

        assertTrue(out.stdout().matches("accepted /127\\.0\\.0\\.1:\\d+ on SELECTOR\\R"), () -> "with no flags: " + out);
        assertEquals("", out.stderr(), "the quick start printed on stderr with no flags");
    }

    @Test
    void shouldRunOnTheNativeBackendQuietlyWithTheReadmeFlags() throws Exception {
        Backend preferred = BackendDetector.preferredFor(Platform.current());
        assumeTrue(preferred != Backend.SELECTOR, "this OS has no native backend");
        assumeTrue(BackendDetector.unavailableReason(preferred) == null, () -> preferred + " cannot open here");

        Output out = runQuickStart(List.of("--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED", "--enable-native-access=ALL-UNNAMED"));

        assertTrue(out.stdout().matches("accepted /127\\.0\\.0\\.1:\\d+ on " + preferred + "\\R"), () -> "with the flags: " + out);
        assertEquals("", out.stderr(), "the quick start printed on stderr with the README's flags");
    }

    /** Copies the first Java block under "Quick start" into QuickStart.java and runs it from source. */
    private Output runQuickStart(List<String> flags) throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int section = readme.indexOf("## Quick start");
        assertTrue(section >= 0, "README.md has no Quick start");
        int start = readme.indexOf("```java\n", section) + "```java\n".length();
        int end = readme.indexOf("```", start);
        Path source = Files.writeString(dir.resolve("QuickStart.java"), readme.substring(start, end));

        List<String> command = new ArrayList<>(List.of(ChildJvm.tool("java")));
        command.addAll(flags);
        // The library as a user gets it, a multi-release jar: on JDK 22+ it then runs its
        // java.lang.foreign binding, as it would for them.
        List<String> classPath = new ArrayList<>(ChildJvm.libraryPath());
        classPath.set(0, ChildJvm.libraryJar(dir).toString());
        command.addAll(List.of("-cp", String.join(File.pathSeparator, classPath), source.toString()));
        return ChildJvm.run(command, LIMIT);
    }
}
