/**
 * The POLL backend: POSIX {@code poll(2)} through JNR-FFI, for a Unix without epoll, kqueue or
 * event ports.
 *
 * <p>Layers, each in its own class: {@link dev.polling.poll.PollLibrary} is the JNR binding;
 * {@code PollSyscalls} the narrow Java seam over it (mocked in unit tests); {@code PollAbi} the
 * per-OS numbers; {@code PollFdArray} the native {@code struct pollfd} array; {@code WakePipe}
 * the self-pipe; {@code PollRegistry} the registered sources; {@link dev.polling.poll.PollBackend}
 * the logic tying them together.
 */
package dev.polling.poll;
