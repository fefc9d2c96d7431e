package dev.polling.spi;

import java.nio.channels.SelectableChannel;

/** The exceptions every backend throws for registration mistakes, so messages read the same. */
public final class Errors {
    private Errors() {
    }

    /** A source that is already registered was added again. */
    public static IllegalStateException alreadyRegistered(Object source) {
        return new IllegalStateException(describe(source) + " is already registered with this poller; use modify() to change it");
    }

    /** A source that is not registered was modified or deleted. */
    public static IllegalStateException notRegistered(Object source) {
        return new IllegalStateException(describe(source) + " is not registered with this poller (never added, or already deleted)");
    }

    /** A short name for a channel or descriptor in messages. */
    public static String describe(Object source) {
        if (source instanceof Integer fd) {
            return "descriptor " + fd;
        }
        if (source instanceof SelectableChannel ch) {
            return "channel " + ch.getClass().getSimpleName() + "@" + Integer.toHexString(System.identityHashCode(ch));
        }
        return String.valueOf(source);
    }
}
