package dev.polling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.polling.spi.Interest;

/**
 * The arrows between the layers point one way: the API's value types depend on nothing below
 * them, no backend reaches into detection (the one place that lists the backends), no backend
 * reaches into another, and only the binding subpackages name JNR (the java.lang.foreign ones
 * under {@code src/main/java22} never). Read from the sources.
 */
class LayeringTest {
    private static final Path MAIN = Path.of("src/main/java/dev/polling");
    /** The java.lang.foreign bindings, compiled for JDK 22+ into the jar's versioned part. */
    private static final Path MAIN22 = Path.of("src/main/java22/dev/polling");
    private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.polling\\.([a-z]+)\\b");
    private static final List<String> BACKENDS = List.of("epoll", "poll", "kqueue", "ports", "afd", "iouring", "selector", "mock");

    @Test
    void shouldKeepTheApiValueTypesFreeOfEverythingBelowThem() throws IOException {
        for (String type : List.of("Event", "Events", "PollMode", "Backend")) {
            String source = Files.readString(MAIN.resolve(type + ".java"));
            assertEquals(List.of(), packagesNamed(source), type + " names a package below the API");
        }
    }

    @Test
    void shouldKeepEveryBackendAwayFromDetectionAndFromEveryOtherBackend() throws IOException {
        for (String backend : BACKENDS) {
            for (Path file : sources(MAIN.resolve(backend), MAIN22.resolve(backend))) {
                for (String named : packagesNamed(Files.readString(file))) {
                    assertTrue(named.equals(backend) || named.equals("spi") || named.equals("testing") && backend.equals("mock"),
                            file + " names dev.polling." + named);
                }
            }
        }
    }

    @Test
    void shouldNameJnrOnlyInTheJnrBindings() throws IOException {
        for (Path file : sources(MAIN, MAIN22)) {
            String source = Files.readString(file);
            if (!file.getParent().getFileName().toString().equals("jnr") && !file.toString().endsWith("module-info.java")) {
                assertTrue(!source.contains("import jnr.") && !source.contains("import com.kenai."), file + " imports JNR");
            }
        }
    }

    @Test
    void shouldEncodeInterestWithTheBackendsBits() {
        assertEquals(Interest.READABLE, Event.READABLE_BIT);
        assertEquals(Interest.WRITABLE, Event.WRITABLE_BIT);
        assertEquals(Interest.BOTH, Event.all(1).interestBits());
        assertEquals(Interest.NONE, Event.none(1).interestBits());
    }

    /** The dev.polling subpackages a source names (imports and qualified names), code only. */
    private static List<String> packagesNamed(String source) {
        String code = source.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "");
        List<String> named = new ArrayList<>();
        Matcher m = REFERENCE.matcher(code);
        while (m.find()) {
            String first = m.group(1);
            if (!named.contains(first) && !Character.isUpperCase(first.charAt(0))) {
                named.add(first);
            }
        }
        named.removeIf(p -> p.equals("package"));
        return named;
    }

    /** The Java sources under each of {@code dirs} that exists. */
    private static List<Path> sources(Path... dirs) throws IOException {
        List<Path> all = new ArrayList<>();
        for (Path dir : dirs) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.filter(f -> f.toString().endsWith(".java")).forEach(all::add);
                }
            }
        }
        return all;
    }
}
