package dev.polling.spi.ffm;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Arrays;

/**
 * The C library's POSIX calls every Unix backend shares, as {@code static final} downcall handles
 * (constants to the JIT), each capturing errno since every one returns {@code -errno} on failure.
 *
 * <p>{@code read}, {@code write}, {@code fcntl} and {@code close} are linked
 * {@link Linker.Option#critical critical}: the JVM does not leave Java state around them, which
 * saves most of a call's cost. That is right only because the backends call them on their own
 * non-blocking descriptors (the wake-up pipe or eventfd) and on descriptors they close, never on
 * one that could block. {@code size_t}/{@code ssize_t} are {@code long}: this binding runs on
 * 64-bit JVMs only.
 */
final class LibcCalls {
    private static final FfmLibraries.Library LIBC = FfmLibraries.open(FfmLibraries.LIBC);
    private static final Linker.Option CRITICAL = Linker.Option.critical(false);

    /** {@code int pipe(int fds[2])}. */
    static final MethodHandle PIPE = bind("pipe", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    /** {@code int pipe2(int fds[2], int flags)}, or {@code null} where the C library lacks it (macOS). */
    static final MethodHandle PIPE2 = bindOptional("pipe2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    /** {@code ssize_t read(int fd, void *buf, size_t count)}. */
    static final MethodHandle READ = bind("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), CRITICAL);
    /** {@code ssize_t write(int fd, const void *buf, size_t count)}. */
    static final MethodHandle WRITE = bind("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), CRITICAL);
    /** {@code int fcntl(int fd, int cmd, ...)} called with one {@code int}: variadic after two. */
    static final MethodHandle FCNTL = bind("fcntl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT),
            CRITICAL, Linker.Option.firstVariadicArg(2));
    /** {@code int close(int fd)}. */
    static final MethodHandle CLOSE = bind("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT), CRITICAL);

    private LibcCalls() {
    }

    private static MethodHandle bind(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        return bindAt(LIBC.find(name), descriptor, options);
    }

    private static MethodHandle bindOptional(String name, FunctionDescriptor descriptor) {
        MemorySegment address = LIBC.findOptional(name);
        return address.equals(MemorySegment.NULL) ? null : bindAt(address, descriptor);
    }

    @SuppressWarnings("restricted") // the point of this binding; the JVM checks native access at run time
    private static MethodHandle bindAt(MemorySegment address, FunctionDescriptor descriptor, Linker.Option... options) {
        Linker.Option[] all = Arrays.copyOf(options, options.length + 1);
        all[options.length] = CapturedErrno.OPTION;
        return Linker.nativeLinker().downcallHandle(address, descriptor, all);
    }
}
