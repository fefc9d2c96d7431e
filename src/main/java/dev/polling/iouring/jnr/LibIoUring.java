package dev.polling.iouring.jnr;

import jnr.ffi.types.intptr_t;
import jnr.ffi.types.size_t;

import dev.polling.spi.jnr.LibC;

/**
 * The JNR-FFI binding to the C library calls of the IO_URING backend that take at most five
 * arguments; the shared POSIX calls come from {@link LibC}. The system calls through
 * {@code syscall(2)} and {@code mmap}, which take more, go through jffi directly
 * ({@link JnrIoUringOs}).
 *
 * <p>Public only because JNR-FFI implements it from another class loader. Pointers are passed as
 * {@code long} native addresses, so that every signature is primitive and nothing is allocated per
 * call; errno is saved after each call.
 */
public interface LibIoUring extends LibC {
    /** {@code int eventfd(unsigned int initval, int flags)}. */
    int eventfd(int initval, int flags);

    /** {@code int munmap(void *addr, size_t length)}. */
    int munmap(@intptr_t long address, @size_t long length);
}
