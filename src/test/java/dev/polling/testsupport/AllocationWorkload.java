package dev.polling.testsupport;

/**
 * Work whose steady-state allocation {@link FreshJvmAllocation} measures in a JVM of its own. An
 * implementation has a constructor taking one {@code String} (its argument, possibly empty) that
 * sets everything up; each {@link #window} then does a fixed amount of the work being judged.
 */
public interface AllocationWorkload extends AutoCloseable {
    /**
     * Does one window of the work, on the calling thread.
     *
     * @return the operations it did (calls or events), to turn bytes into bytes per operation
     * @throws Exception if the work fails (an event went missing, a call failed)
     */
    long window() throws Exception;
}
