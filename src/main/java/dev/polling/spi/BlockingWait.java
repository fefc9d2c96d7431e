package dev.polling.spi;

import java.io.IOException;

/**
 * One wait of a backend, made the way a JDK selector waits: an interrupt ends it, and a virtual
 * thread never pins its carrier in it.
 *
 * <ul>
 *   <li>{@code Duration.ZERO} (a timeout of 0) never blocks: the backend is asked directly.</li>
 *   <li>A backend that waits in Java ({@link PollerBackend#waitsInJava()}: a {@code Selector}, a
 *       park) already does both; it is asked directly.</li>
 *   <li>A platform thread blocks in the OS wait with an {@link InterruptWakeup} installed, so an
 *       interrupt wakes the backend.</li>
 *   <li>A virtual thread parks on the backend's own descriptor ({@link DescriptorParking}) when it
 *       has one and the JDK lets us, then looks without blocking; otherwise the wait is handed to a
 *       platform thread ({@link PlatformThreadWait}).</li>
 * </ul>
 * The caller ({@code Poller.poll}) checks the interrupt status before and after each wait and
 * returns with what it has once it is set.
 *
 * <p>Threads: used by one polling thread at a time.
 */
public final class BlockingWait {
    private final PollerBackend backend;
    private final InterruptWakeup interruptWakeup;
    // Made on first use by a virtual thread: most pollers never see one.
    private DescriptorParking parking;
    private PlatformThreadWait handoff;

    /** Waits of {@code backend}. */
    public BlockingWait(PollerBackend backend) {
        this.backend = backend;
        this.interruptWakeup = backend.waitsInJava() ? null : new InterruptWakeup(backend);
    }

    /** {@link PollerBackend#poll}, interruptible and kind to virtual threads; same arguments and result. */
    public int poll(long[] keys, int[] readiness, long timeoutNanos) throws IOException {
        if (timeoutNanos == 0 || interruptWakeup == null) {
            return backend.poll(keys, readiness, timeoutNanos);
        }
        if (VirtualThreads.isVirtual(Thread.currentThread())) {
            return pollOnVirtualThread(keys, readiness, timeoutNanos);
        }
        interruptWakeup.enter();
        try {
            return backend.poll(keys, readiness, timeoutNanos);
        } finally {
            interruptWakeup.exit();
        }
    }

    private int pollOnVirtualThread(long[] keys, int[] readiness, long timeoutNanos) throws IOException {
        int fd = backend.pollableDescriptor();
        if (fd < 0 || !DescriptorParking.isAvailable()) {
            if (handoff == null) {
                handoff = new PlatformThreadWait(backend);
            }
            return handoff.poll(keys, readiness, timeoutNanos);
        }
        int n = backend.poll(keys, readiness, 0);
        if (n != 0) {
            return n;
        }
        if (parking == null) {
            parking = DescriptorParking.on(fd);
        }
        parking.parkUntilReadable(timeoutNanos < 0 ? 0 : timeoutNanos);
        // Readable, timed out, interrupted or spurious: look once more without blocking; a 0 makes
        // the caller wait again for what is left of its timeout.
        return backend.poll(keys, readiness, 0);
    }
}
