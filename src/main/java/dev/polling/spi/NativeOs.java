package dev.polling.spi;

/**
 * What every backend's OS interface ({@code EpollOs}, {@code PollOs}, {@code KqueueOs},
 * {@code PortsOs}, {@code AfdOs}) offers besides its calls: native memory from the same binding.
 *
 * <p>The OS interfaces share one shape: each lives in its backend's package, is implemented once
 * per binding ({@code <backend>.jnr.Jnr<Name>}, {@code <backend>.ffm.Ffm<Name>}) and by a fake
 * kernel in the tests, and every call returns what the C function returns on success and
 * {@code -errno} on failure (AFD: the documented Windows analogue), so that no call has a side
 * channel for its error. {@link Binding} finds the implementation.
 */
public interface NativeOs {
    /**
     * Allocates {@code size} zeroed bytes of native memory, freed by the buffer's {@code close()}.
     *
     * @throws IllegalArgumentException if {@code size} is not positive
     * @throws OutOfMemoryError         if the memory cannot be had
     */
    NativeBuffer allocate(long size);
}
