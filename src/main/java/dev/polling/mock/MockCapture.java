package dev.polling.mock;

/**
 * Hands the mock backend that {@code Poller.create(Backend.MOCK)} opens on this thread to the
 * test driver that asked for it (the Poller keeps its backend private), with the configuration
 * the driver wants. Open it around the create call, then {@link #close()} it.
 */
public final class MockCapture implements AutoCloseable {
    private static final ThreadLocal<MockCapture> CURRENT = new ThreadLocal<>();

    private final MockConfig config;
    private MockBackend opened;

    private MockCapture(MockConfig config) {
        this.config = config;
    }

    /** Starts capturing the next mock backend this thread opens, which gets {@code config}. */
    public static MockCapture start(MockConfig config) {
        MockCapture capture = new MockCapture(config);
        CURRENT.set(capture);
        return capture;
    }

    /** The capture in progress on this thread, or {@code null}. */
    static MockCapture current() {
        return CURRENT.get();
    }

    MockConfig config() {
        return config;
    }

    void opened(MockBackend backend) {
        opened = backend;
    }

    /**
     * The backend opened while capturing.
     *
     * @throws IllegalStateException if none was
     */
    public MockBackend opened() {
        if (opened == null) {
            throw new IllegalStateException("no mock backend was opened while capturing");
        }
        return opened;
    }

    /** Stops capturing. */
    @Override
    public void close() {
        CURRENT.remove();
    }
}
