package dev.polling.iouring.ffm;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;

import dev.polling.spi.ffm.CapturedErrno;
import dev.polling.spi.ffm.FfmLibraries;

/**
 * The IO_URING backend's downcall handles, {@code static final} so that the JIT treats them as
 * constants. Each takes the function's address first (from the library {@link FfmIoUringOs} bound),
 * then the errno capture segment, then the C arguments.
 *
 * <p>{@code syscall(2)} is variadic after the number ({@link Linker.Option#firstVariadicArg}); its
 * arguments go as {@code long}s and pointers, which is how the kernel reads them. Unlike JNR-FFI,
 * the linker passes io_uring_enter's seven arguments without allocating, so the
 * {@code IORING_ENTER_EXT_ARG} wait argument reaches the kernel. None is
 * {@link Linker.Option#critical critical}: io_uring_enter blocks.
 */
final class IoUringCalls {
    /** {@code long syscall(long nr, ...)} as {@code io_uring_setup(unsigned entries, struct io_uring_params *p)}. */
    static final MethodHandle SETUP = FfmLibraries.downcall(
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS),
            Linker.Option.firstVariadicArg(1), CapturedErrno.OPTION);
    /**
     * {@code long syscall(long nr, ...)} as {@code io_uring_enter(unsigned fd, unsigned to_submit,
     * unsigned min_complete, unsigned flags, const void *argp, size_t argsz)}.
     */
    static final MethodHandle ENTER = FfmLibraries.downcall(
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_LONG),
            Linker.Option.firstVariadicArg(1), CapturedErrno.OPTION);
    /** {@code long syscall(long nr, ...)} as {@code io_uring_register(unsigned fd, unsigned opcode, void *arg, unsigned nr_args)}. */
    static final MethodHandle REGISTER = FfmLibraries.downcall(
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_LONG),
            Linker.Option.firstVariadicArg(1), CapturedErrno.OPTION);
    /** {@code void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset)}, the address as a {@code long}. */
    static final MethodHandle MMAP = FfmLibraries.downcall(
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG),
            CapturedErrno.OPTION);
    /** {@code int munmap(void *addr, size_t length)}. */
    static final MethodHandle MUNMAP = FfmLibraries.downcall(
            FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG), CapturedErrno.OPTION);
    /** {@code int eventfd(unsigned int initval, int flags)}. */
    static final MethodHandle EVENTFD = FfmLibraries.downcall(
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), CapturedErrno.OPTION);

    private IoUringCalls() {
    }
}
