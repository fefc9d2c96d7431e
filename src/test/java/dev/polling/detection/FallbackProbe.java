package dev.polling.detection;

import java.io.IOException;
import java.util.List;

import dev.polling.Backend;
import dev.polling.Event;
import dev.polling.Poller;
import dev.polling.spi.Platform;

/**
 * Run in a fresh JVM by {@link BackendDetectorTest}, with the JVM flags (or a broken native library)
 * under test: prints what {@link Poller#create()} chose, what a raw descriptor on it said, and what
 * forcing the preferred backend said, one {@code name=value} line each.
 */
public final class FallbackProbe {
    /** The argument that stops the probe after {@code Poller.create()}, before it forces a native backend. */
    static final String DEFAULT_ONLY = "--default-only";

    private FallbackProbe() {
    }

    /** Entry point; the output is read by the test. */
    public static void main(String[] args) throws IOException {
        Backend preferred = BackendDetector.preferredFor(Platform.current());
        try (Poller first = Poller.create(); Poller second = Poller.create()) {
            System.out.println("default=" + first.backend());
            System.out.println("second=" + second.backend());
            try {
                first.add(0, Event.readable(1));
                System.out.println("raw=accepted");
                first.delete(0);
            } catch (UnsupportedOperationException e) {
                System.out.println("raw=" + oneLine(e.getMessage()));
            }
        }
        if (List.of(args).contains(DEFAULT_ONLY)) {
            return; // opening the native backend below would load native code, which is the point of some runs not to
        }
        try {
            BackendDetector.open(preferred).close();
            System.out.println("open=opened");
        } catch (IOException e) {
            System.out.println("open=" + oneLine(e.getMessage()));
        }
        System.setProperty(BackendDetector.BACKEND_PROPERTY, preferred.propertyName());
        try {
            Poller.create().close();
            System.out.println("forced=opened");
        } catch (IOException e) {
            System.out.println("forced=" + oneLine(e.getMessage()));
        }
    }

    private static String oneLine(String message) {
        return String.valueOf(message).replace('\n', ' ');
    }
}
