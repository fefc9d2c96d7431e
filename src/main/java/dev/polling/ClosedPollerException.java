package dev.polling;

/** Thrown when a {@link Poller} is used after {@link Poller#close()}. */
public final class ClosedPollerException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was attempted, naming the backend of the closed poller
     */
    public ClosedPollerException(String message) {
        super(message);
    }
}
