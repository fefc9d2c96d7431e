/**
 * A portable readiness poller: register sources, wait for them to become readable or writable,
 * re-arm them when handled.
 *
 * <p>The whole API is five types:
 * <ul>
 *   <li>{@link dev.polling.Poller}: creates the poller on the best {@link dev.polling.Backend}
 *       for this machine, registers JDK channels and raw descriptors, waits for events, wakes a
 *       waiting thread. Every method is thread-safe.</li>
 *   <li>{@link dev.polling.Event}: the interest registered for one source, with the user key its
 *       events carry. An immutable value; keep one per source and re-arm with it.</li>
 *   <li>{@link dev.polling.Events}: the reusable buffer a poll fills. Reading it allocates
 *       nothing; one per polling thread.</li>
 *   <li>{@link dev.polling.PollMode}: oneshot (the default), level, edge or edge-oneshot.</li>
 *   <li>{@link dev.polling.Backend}: the OS mechanism underneath, for when the choice matters.</li>
 * </ul>
 *
 * <p>A source reports one event and then stays silent until {@link dev.polling.Poller#modify}
 * re-arms it, so no two threads ever handle the same readiness and an unhandled source never
 * spins the loop:
 *
 * <pre>{@code
 * try (Poller poller = Poller.create()) {
 *     Event interest = Event.readable(42);
 *     poller.add(channel, interest);                  // a non-blocking channel
 *     Events events = Events.withCapacity(64);
 *     int n = poller.poll(events, Duration.ofSeconds(1));
 *     for (int i = 0; i < n; i++) {
 *         if (events.key(i) == 42 && events.isReadable(i)) {
 *             // read until it would block, then ask for the next event:
 *             poller.modify(channel, interest);
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>Unit tests of code that polls use {@link dev.polling.testing.MockPoller} instead of an OS
 * poller.
 */
package dev.polling;
