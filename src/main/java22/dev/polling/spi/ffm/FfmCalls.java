package dev.polling.spi.ffm;

/** What a downcall's {@code invokeExact} may throw, passed on as it is or wrapped. */
public final class FfmCalls {
    private FfmCalls() {
    }

    /**
     * {@code t}, as thrown from a downcall of {@code function}: a {@link RuntimeException} or
     * {@link Error} (a closed or foreign buffer, a missing symbol) passes through; anything else,
     * which a downcall never throws, is wrapped.
     */
    public static RuntimeException unexpected(String function, Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(function + " failed unexpectedly", t);
    }
}
