package dev.polling;

/**
 * The OS mechanism behind a {@link Poller}.
 *
 * <p>{@link Poller#create()} picks the best one here: Linux → {@link #EPOLL}, macOS and the
 * BSDs → {@link #KQUEUE}, illumos and Solaris → {@link #EVENT_PORTS}, Windows → {@link #AFD},
 * any other Unix → {@link #POLL}; and {@link #SELECTOR} when native code cannot load.
 * {@code -Dpolling.backend=NAME} forces one.
 */
public enum Backend {
    /** Linux {@code epoll(7)} through JNR-FFI. All four modes. */
    EPOLL,
    /** BSD and macOS {@code kqueue(2)} through JNR-FFI. All four modes. */
    KQUEUE,
    /** illumos and Solaris event ports ({@code port_create(3C)}) through JNR-FFI. Oneshot only. */
    EVENT_PORTS,
    /** POSIX {@code poll(2)} through JNR-FFI: the portable Unix fallback. Oneshot and level. */
    POLL,
    /** Windows: the AFD driver and an I/O completion port, as in wepoll. Oneshot and level. */
    AFD,
    /** Pure Java on {@link java.nio.channels.Selector}: no native code. Oneshot and level; channels only. */
    SELECTOR,
    /** A deterministic mock for unit tests, driven through {@code dev.polling.testing}; never chosen automatically. */
    MOCK;

    /**
     * Whether a poller of this backend can be created on this machine now. Probes by opening and
     * closing one, so it costs a few system calls; never throws.
     *
     * @return {@code true} if {@link Poller#create(Backend)} with this backend would succeed now;
     *         {@code false} if the OS lacks it or its native library cannot load
     */
    public boolean isAvailable() {
        return Poller.unavailableReason(this) == null;
    }

    /**
     * The name accepted by {@code -Dpolling.backend}.
     *
     * @return the constant's name in lower case, e.g. {@code "event_ports"}
     */
    public String propertyName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
