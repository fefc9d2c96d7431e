package dev.polling.detection;

import java.io.IOException;

import dev.polling.Backend;
import dev.polling.Poller;
import dev.polling.spi.Platform;

/**
 * Run in a fresh JVM by {@link BackendDetectorTest}, with the preferred backend's native library
 * overridden to one that does not exist: prints what {@link Poller#create()} chose and what forcing
 * the preferred backend said, one {@code name=value} line each.
 */
public final class FallbackProbe {
    private FallbackProbe() {
    }

    /** Entry point; the output is read by the test. */
    public static void main(String[] args) throws IOException {
        Backend preferred = BackendDetector.preferredFor(Platform.current());
        try (Poller first = Poller.create(); Poller second = Poller.create()) {
            System.out.println("default=" + first.backend());
            System.out.println("second=" + second.backend());
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
