/**
 * The POLL backend: POSIX {@code poll(2)}, for a Unix without epoll, kqueue or event ports.
 *
 * <p>Layers, each in its own class: {@code PollOs} is the seam to the OS (one implementation per
 * binding, in {@code poll.jnr} and {@code poll.ffm}, and a fake kernel in the tests);
 * {@code PollAbi} the per-OS numbers; {@code PollFdArray} the native {@code struct pollfd} array;
 * {@code PollRegistry} the registered sources; {@link dev.polling.poll.PollBackend} the logic
 * tying them together, with the shared {@code spi.WakePipe} as its wake-up.
 */
package dev.polling.poll;
