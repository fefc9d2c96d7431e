package dev.polling;

/**
 * The OS mechanism behind a {@link Poller}.
 *
 * <p>{@link Poller#create()} picks the best one here: Linux → {@link #EPOLL}, macOS and the
 * BSDs → {@link #KQUEUE}, illumos and Solaris → {@link #EVENT_PORTS}, Windows → {@link #AFD},
 * any other Unix → {@link #POLL}; and {@link #SELECTOR} when native code cannot load.
 * {@code -Dpolling.backend=NAME} forces one. {@link #IO_URING} is never picked automatically:
 * ask for it by name.
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
    MOCK,
    /**
     * Linux {@code io_uring(7)} poll requests (Linux 5.13+, x86_64 and aarch64). All four modes. A
     * re-arm is an entry in a ring shared with the kernel, submitted by the next poll's own wait,
     * so ONESHOT costs no extra system call; completions already in the ring are read without
     * one. Opt-in: never chosen automatically, only by {@code Poller.create(Backend.IO_URING)} or
     * {@code -Dpolling.backend=io_uring}. Unavailable (with the reason) where the kernel refuses
     * io_uring, as container runtimes' default seccomp profiles and {@code kernel.io_uring_disabled}
     * do. One difference from epoll: a channel closed while its poll request is in flight stays
     * open until the request ends; delete a source before closing it.
     */
    IO_URING;

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
