package dev.polling.vthreads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.polling.Backend;
import dev.polling.detection.BackendDetector;
import dev.polling.testsupport.ChildJvm;
import dev.polling.testsupport.ChildJvm.Output;

/**
 * A poll blocked on a virtual thread never pins its carrier: with as many carriers as blocked
 * polls, another virtual thread still runs (as it does around {@code Selector.select()}). Each
 * case runs {@link CarrierProbe} in a fresh JVM, since the scheduler's size is fixed at start-up.
 */
class VirtualThreadCarrierTest {
    private static final String EXPORT = "java.base/sun.nio.ch=ALL-UNNAMED";

    @ParameterizedTest(name = "{0}, {1} carrier(s), route: {2}")
    @CsvSource({
            "EPOLL, 2, parks on the epoll descriptor",
            "EPOLL, 1, hands the wait to a platform thread (no sun.nio.ch export)",
            "POLL, 2, hands the wait to a platform thread",
            "SELECTOR, 2, the JDK's Selector",
            "MOCK, 1, parks in Java"})
    void shouldLetOtherVirtualThreadsRunWhilePollsBlock(Backend backend, int carriers, String route) throws Exception {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21 or later; this is " + Runtime.version());
        String reason = BackendDetector.unavailableReason(backend);
        assumeTrue(reason == null, () -> backend + " is not available here: " + reason);

        List<String> flags = new ArrayList<>(List.of("--enable-native-access=ALL-UNNAMED",
                "-Djdk.virtualThreadScheduler.parallelism=" + carriers,
                "-Djdk.virtualThreadScheduler.maxPoolSize=" + carriers));
        if (!route.contains("no sun.nio.ch export")) {
            flags.addAll(List.of("--add-exports", EXPORT));
        }
        Map<String, String> out = runProbe(flags, backend.name(), String.valueOf(carriers));

        assertEquals("yes", out.get("progress"),
                () -> carriers + " virtual thread(s) blocked in " + backend + " polls starved the others: " + out);
        assertEquals(String.valueOf(carriers), out.get("woken"), () -> "wakeup() did not end every blocked poll: " + out);
    }

    private static Map<String, String> runProbe(List<String> jvmFlags, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ChildJvm.tool("java"), "-cp", System.getProperty("java.class.path")));
        command.addAll(jvmFlags);
        command.add(CarrierProbe.class.getName());
        command.addAll(List.of(args));
        Output out = ChildJvm.run(command, Duration.ofSeconds(90));
        Map<String, String> values = out.values();
        values.put("stderr", out.stderr());
        return values;
    }
}
