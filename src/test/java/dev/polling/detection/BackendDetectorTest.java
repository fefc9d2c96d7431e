package dev.polling.detection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.polling.Backend;
import dev.polling.spi.ChannelDescriptors;
import dev.polling.spi.NativeLibraries;
import dev.polling.spi.Platform;
import dev.polling.spi.PollerBackend;
import dev.polling.testsupport.ChildJvm;
import dev.polling.testsupport.ChildJvm.Output;

class BackendDetectorTest {
    private static final String MISSING_LIBRARY = "no-such-library-xyz";

    @AfterEach
    void tearDown() {
        System.clearProperty(BackendDetector.BACKEND_PROPERTY);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "LINUX, EPOLL", "MACOS, KQUEUE", "FREEBSD, KQUEUE", "NETBSD, KQUEUE", "OPENBSD, KQUEUE",
            "DRAGONFLY, KQUEUE", "SOLARIS, EVENT_PORTS", "WINDOWS, AFD", "OTHER_UNIX, POLL", "UNKNOWN, SELECTOR"})
    void shouldPreferTheNativeBackendOfEachOs(Platform.Os os, Backend expected) {
        assertEquals(expected, BackendDetector.preferredFor(new Platform(os, 1, "amd64")));
    }

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource({
            "epoll, EPOLL", "EPOLL, EPOLL", "' Epoll ', EPOLL", "kqueue, KQUEUE", "poll, POLL", "afd, AFD",
            "selector, SELECTOR", "mock, MOCK", "event_ports, EVENT_PORTS", "event-ports, EVENT_PORTS",
            "Event-Ports, EVENT_PORTS", "eventports, EVENT_PORTS", "ports, EVENT_PORTS"})
    void shouldParseBackendNames(String name, Backend expected) {
        assertEquals(expected, BackendDetector.parse(name));
    }

    @Test
    void shouldRejectUnknownBackendNameListingTheKnownOnes() {
        for (String name : new String[] {"bogus", "", "  ", "epol", "select"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BackendDetector.parse(name));
            assertTrue(e.getMessage().contains("-Dpolling.backend=" + name) && e.getMessage().contains("epoll")
                    && e.getMessage().contains("selector"), e.getMessage());
        }
    }

    @Test
    void shouldRejectUnknownForcedBackend() {
        System.setProperty(BackendDetector.BACKEND_PROPERTY, "bogus");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, BackendDetector::openDefault);
        assertTrue(e.getMessage().contains("bogus"), e.getMessage());
    }

    @Test
    void shouldNeverFallBackFromForcedBackend() {
        assumeTrue(Platform.current().os() != Platform.Os.WINDOWS, "AFD can work on Windows");
        System.setProperty(BackendDetector.BACKEND_PROPERTY, "afd");
        IOException e = assertThrows(IOException.class, BackendDetector::openDefault);
        assertTrue(e.getMessage().contains("AFD"), e.getMessage());
    }

    @Test
    void shouldOpenForcedBackendWhenItWorks() throws IOException {
        System.setProperty(BackendDetector.BACKEND_PROPERTY, " Selector ");
        try (PollerBackend backend = BackendDetector.openDefault()) {
            assertEquals(Backend.SELECTOR, backend.kind());
        }
    }

    @Test
    void shouldOpenPreferredBackendByDefault() throws IOException {
        Backend preferred = BackendDetector.preferredFor(Platform.current());
        assumeTrue(BackendDetector.unavailableReason(preferred) == null, () -> preferred + " cannot open here");
        try (PollerBackend backend = BackendDetector.openDefault()) {
            assertEquals(preferred, backend.kind());
        }
    }

    @Test
    void shouldNameBackendAndReasonWhenItCannotOpen() {
        assumeTrue(Platform.current().os() != Platform.Os.WINDOWS, "AFD can work on Windows");
        IOException e = assertThrows(IOException.class, () -> BackendDetector.open(Backend.AFD));
        assertTrue(e.getMessage().contains("AFD"), e.getMessage());
        String reason = BackendDetector.unavailableReason(Backend.AFD);
        assertNotNull(reason);
        assertTrue(reason.contains("AFD"), reason);
    }

    @Test
    void shouldReportNoReasonForBackendThatOpens() {
        // SELECTOR is pure Java: it opens on every JVM, so a reason here is a bug, not a skip.
        assertNull(BackendDetector.unavailableReason(Backend.SELECTOR));
    }

    @Test
    void shouldFallBackToSelectorWhenPreferredNativeBackendCannotLoad() throws Exception {
        Backend preferred = BackendDetector.preferredFor(Platform.current());
        assumeTrue(preferred != Backend.SELECTOR, "this OS has no native backend to fall back from");
        assumeTrue(BackendDetector.unavailableReason(preferred) == null,
                () -> preferred + " cannot open here at all, so a failed load would prove nothing");
        assumeTrue(BackendDetector.unavailableReason(Backend.SELECTOR) == null, "SELECTOR cannot open here");

        // A fresh JVM, so that no binding loaded earlier in this one can hide the failed load.
        String property = NativeLibraries.libraryProperty(preferred.propertyName());
        Map<String, String> out = runProbe(NATIVE_FLAGS, "-D" + property + "=" + MISSING_LIBRARY);

        assertEquals("SELECTOR", out.get("default"), () -> "Poller.create() did not fall back: " + out);
        assertEquals("SELECTOR", out.get("second"), () -> "the second Poller.create() did not fall back: " + out);
        String open = out.get("open");
        assertTrue(open.contains(preferred.name()) && open.contains(MISSING_LIBRARY),
                () -> "opening " + preferred + " should fail naming the backend and the library: " + open);
        String forced = out.get("forced");
        assertTrue(forced.contains(preferred.name()) && forced.contains(MISSING_LIBRARY),
                () -> "-Dpolling.backend=" + preferred.propertyName() + " must fail, not fall back: " + forced);
        String log = out.get("stderr");
        // Each load attempt logs: once for two Poller.create() calls means the failure was remembered.
        assertEquals(1, log.split("using the pure-Java SELECTOR backend", -1).length - 1,
                () -> "the fallback must be logged exactly once, the failed load not retried: " + log);
    }

    @Test
    void shouldChooseSelectorQuietlyWithNoJvmFlagsAndSayWhyAtDebug(@TempDir Path dir) throws Exception {
        assumeTrue(BackendDetector.preferredFor(Platform.current()) != Backend.SELECTOR, "this OS has no native backend");

        Map<String, String> quiet = runProbe(List.of());
        assertEquals("SELECTOR", quiet.get("default"), () -> "no flags must give the pure-Java backend: " + quiet);
        assertEquals("", quiet.get("stderr"), "a poller created with no JVM flags printed something");
        String raw = quiet.get("raw");
        assertTrue(raw.contains("raw descriptors") && raw.contains("--add-exports java.base/sun.nio.ch=ALL-UNNAMED"),
                () -> "a raw descriptor on the SELECTOR chosen for want of flags must name the flag: " + raw);

        Map<String, String> debug = runProbe(List.of(debugLogging(dir)));
        String log = debug.get("stderr");
        assertEquals(1, log.split("Poller.create\\(\\) uses SELECTOR", -1).length - 1,
                () -> "the choice must be logged once at DEBUG: " + log);
        assertTrue(log.contains("--add-exports java.base/sun.nio.ch=ALL-UNNAMED"), () -> "the DEBUG line must name the flag: " + log);
    }

    @Test
    void shouldChooseTheNativeBackendQuietlyWithTheDocumentedFlags() throws Exception {
        Backend preferred = BackendDetector.preferredFor(Platform.current());
        assumeTrue(preferred != Backend.SELECTOR, "this OS has no native backend");
        assumeTrue(BackendDetector.unavailableReason(preferred) == null, () -> preferred + " cannot open here");

        Map<String, String> out = runProbe(NATIVE_FLAGS);
        assertEquals(preferred.name(), out.get("default"), () -> "the documented flags must give " + preferred + ": " + out);
        assertEquals("", out.get("stderr"), "the native backend printed something");
        assertEquals("accepted", out.get("raw"), () -> "raw descriptors on " + preferred + ": " + out);
    }

    @Test
    void shouldChooseSelectorWithoutNativeAccessOnJdk22AndLater(@TempDir Path dir) throws Exception {
        assumeTrue(Runtime.version().feature() >= 22, "native access is asked for from JDK 22 on; this is " + Runtime.version());
        assumeTrue(BackendDetector.preferredFor(Platform.current()) != Backend.SELECTOR, "this OS has no native backend");

        Map<String, String> out = runProbe(List.of(ChannelDescriptors.REQUIRED_FLAG.split(" ")[0],
                ChannelDescriptors.REQUIRED_FLAG.split(" ")[1], debugLogging(dir)));
        assertEquals("SELECTOR", out.get("default"), () -> "without native access the JVM would warn: " + out);
        String log = out.get("stderr");
        assertTrue(log.contains("--enable-native-access=ALL-UNNAMED") && !log.contains("WARNING: A restricted method"),
                () -> "the DEBUG line must name the native-access flag, and nothing native may have loaded: " + log);
    }

    /** A JUL configuration that prints the library's DEBUG (FINE) records to stderr. */
    private static String debugLogging(Path dir) throws IOException {
        Path config = Files.writeString(dir.resolve("logging.properties"), String.join("\n",
                "handlers=java.util.logging.ConsoleHandler",
                "java.util.logging.ConsoleHandler.level=FINE",
                "dev.polling.level=FINE", ""));
        return "-Djava.util.logging.config.file=" + config;
    }

    /** The flags the README documents for native backends on the class path. */
    private static final List<String> NATIVE_FLAGS = List.of("--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED",
            "--enable-native-access=ALL-UNNAMED");

    /** Runs {@link FallbackProbe} in a new JVM; returns its {@code name=value} lines and its stderr. */
    private static Map<String, String> runProbe(List<String> jvmFlags, String... more) throws Exception {
        List<String> command = new ArrayList<>(List.of(ChildJvm.tool("java"), "-cp", System.getProperty("java.class.path")));
        command.addAll(jvmFlags);
        command.addAll(List.of(more));
        command.add(FallbackProbe.class.getName());
        if (!jvmFlags.equals(NATIVE_FLAGS)) {
            command.add(FallbackProbe.DEFAULT_ONLY); // without the flags, forcing a native backend would warn
        }
        Output out = ChildJvm.run(command, Duration.ofSeconds(60));
        Map<String, String> values = out.values();
        values.put("stderr", out.stderr());
        return values;
    }
}
