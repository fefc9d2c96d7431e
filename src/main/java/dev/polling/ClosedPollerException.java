package dev.polling;

/** Thrown when a {@link Poller} is used after {@link Poller#close()}. */
public final class ClosedPollerException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message naming the backend that was closed. */
    public ClosedPollerException(String message) {
        super(message);
    }
}
