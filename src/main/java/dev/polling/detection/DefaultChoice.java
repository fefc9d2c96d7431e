package dev.polling.detection;

import dev.polling.Backend;
import dev.polling.spi.Platform;

/**
 * What {@code Poller.create()} opens when no backend is forced, and why, decided once per JVM:
 * the native backend for this OS when the JVM was started with the flags it needs, else
 * {@link Backend#SELECTOR} with the reason (the flags to add).
 *
 * @param backend the backend to open
 * @param reason  why: what enables the native backend, or what keeps it away
 */
record DefaultChoice(Backend backend, String reason) {
    /** The choice for this JVM and OS. */
    static DefaultChoice decide(Platform platform) {
        Backend preferred = BackendDetector.preferredFor(platform);
        if (preferred == Backend.SELECTOR) {
            return new DefaultChoice(Backend.SELECTOR, "no native backend serves " + platform.os().displayName());
        }
        String missing = JvmFlags.missingForNative(preferred);
        if (missing != null) {
            return new DefaultChoice(Backend.SELECTOR, missing + " to use " + preferred);
        }
        return new DefaultChoice(preferred, "the JVM flags it needs are given");
    }

    /** The same choice after the native backend failed to load for good. */
    DefaultChoice afterLoadFailure(Throwable failure) {
        return new DefaultChoice(Backend.SELECTOR, "the " + backend + " backend cannot load here (" + failure + ")");
    }
}
