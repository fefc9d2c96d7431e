package dev.polling.iouring.jnr;

import com.kenai.jffi.CallContext;
import com.kenai.jffi.CallContextCache;
import com.kenai.jffi.CallingConvention;
import com.kenai.jffi.Invoker;
import com.kenai.jffi.LastError;
import com.kenai.jffi.Library;
import com.kenai.jffi.Type;

import dev.polling.iouring.IoUringOs;
import dev.polling.iouring.RingMemory;
import dev.polling.spi.NativeLibraries;

/**
 * {@link IoUringOs} through jffi, the call layer under JNR-FFI, calling the C library's
 * {@code syscall(2)} and friends with every argument a {@code long}.
 *
 * <p><b>Why jffi's {@link Invoker} and not a JNR-FFI interface.</b> {@code io_uring_enter} through
 * {@code syscall(2)} takes seven arguments (the number and six). JNR-FFI's generated stubs pass at
 * most six without allocating (72 bytes a call above that, measured with the thread allocation
 * counter), and its x86_64 fast path passes garbage as the sixth argument of a six-argument
 * function (jnr/jnr-ffi#181), which would be {@code mmap}'s offset. jffi's {@code invokeN6} calls
 * the function pointer directly with six integer registers, clears {@code %al} for a variadic
 * callee, saves errno, and allocates nothing. That covers {@code io_uring_enter} without
 * {@code IORING_ENTER_EXT_ARG}: its last two arguments are then a signal mask and its size, the
 * mask is NULL (the sixth value passed here), and the kernel reads the size only for a non-NULL
 * mask, so the seventh argument (whatever {@code syscall} finds on the stack) is never read. A
 * timed wait therefore goes through an {@code IORING_OP_TIMEOUT} entry instead of an
 * {@code io_uring_getevents_arg} ({@link #canPassEnterArg()} is false).
 *
 * <p>The functions are looked up in the process's global symbols (the C library the JVM runs
 * on), or in {@code -Dpolling.io_uring.library=NAME}. Thread-safe; loaded once per JVM.
 */
public final class JnrIoUringOs implements IoUringOs {
    /** The backend name in {@code -Dpolling.io_uring.library}. */
    public static final String BACKEND_NAME = "io_uring";

    /** {@code __NR_io_uring_setup} on x86_64 and aarch64. */
    private static final long SYS_IO_URING_SETUP = 425;
    /** {@code __NR_io_uring_enter}. */
    private static final long SYS_IO_URING_ENTER = 426;
    /** {@code __NR_io_uring_register}. */
    private static final long SYS_IO_URING_REGISTER = 427;
    private static final long PROT_READ_WRITE = 0x1 | 0x2;
    private static final long MAP_SHARED_POPULATE = 0x1 | 0x8000;
    private static final long F_GETFD = 1;

    private static volatile JnrIoUringOs instance;

    private final Invoker invoker = Invoker.getInstance();
    private final LastError lastError = LastError.getInstance();
    /** {@code long syscall(long, ...)} with 3, 5 and 6 arguments; {@code void *mmap(...)}; {@code ssize_t write(...)}. */
    private final CallContext long3;
    private final CallContext long5;
    private final CallContext long6;
    /** {@code int munmap(void *, size_t)}: 64-bit arguments, a 32-bit result. */
    private final CallContext intOfLong2;
    /** {@code int close(int)}, {@code int eventfd(unsigned, int)}, {@code int fcntl(int, int, int)}. */
    private final CallContext int1;
    private final CallContext int2;
    private final CallContext int3;
    private final long syscall;
    private final long mmap;
    private final long munmap;
    private final long eventfd;
    private final long write;
    private final long close;
    private final long fcntl;

    private JnrIoUringOs(Library library) {
        long3 = context(Type.SINT64, Type.SINT64, 3);
        long5 = context(Type.SINT64, Type.SINT64, 5);
        long6 = context(Type.SINT64, Type.SINT64, 6);
        intOfLong2 = context(Type.SINT32, Type.SINT64, 2);
        int1 = context(Type.SINT32, Type.SINT32, 1);
        int2 = context(Type.SINT32, Type.SINT32, 2);
        int3 = context(Type.SINT32, Type.SINT32, 3);
        syscall = symbol(library, "syscall");
        mmap = symbol(library, "mmap");
        munmap = symbol(library, "munmap");
        eventfd = symbol(library, "eventfd");
        write = symbol(library, "write");
        close = symbol(library, "close");
        fcntl = symbol(library, "fcntl");
    }

    /**
     * The binding to the process's C library (created once), or to the library named by
     * {@code -Dpolling.io_uring.library}.
     *
     * @throws UnsatisfiedLinkError if jffi's native stub cannot load, or the library lacks a function
     */
    public static JnrIoUringOs load() {
        String override = System.getProperty(NativeLibraries.libraryProperty(BACKEND_NAME));
        if (override != null && !override.isBlank()) {
            Library library = Library.getCachedInstance(override.trim(), Library.LAZY | Library.LOCAL);
            if (library == null) {
                throw new UnsatisfiedLinkError("cannot load " + override.trim() + ": " + Library.getLastError());
            }
            return new JnrIoUringOs(library);
        }
        JnrIoUringOs os = instance;
        if (os == null) {
            synchronized (JnrIoUringOs.class) {
                os = instance;
                if (os == null) {
                    instance = os = new JnrIoUringOs(Library.getDefault());
                }
            }
        }
        return os;
    }

    /**
     * A call context that saves errno. The result type matters: a C {@code int} comes back in the
     * low half of the register, whose upper half is not defined (see {@link #intResult}).
     */
    private static CallContext context(Type result, Type parameter, int parameters) {
        Type[] types = new Type[parameters];
        java.util.Arrays.fill(types, parameter);
        return CallContextCache.getInstance().getCallContext(result, types, CallingConvention.DEFAULT, true);
    }

    private static long symbol(Library library, String name) {
        long address = library.getSymbolAddress(name);
        if (address == 0) {
            throw new UnsatisfiedLinkError("the C library has no " + name + " (" + Library.getLastError() + ")");
        }
        return address;
    }

    /** A {@code long} result (syscall's) as an int, or {@code -errno} when the call returned -1. */
    private int result(long value) {
        return value == -1 ? -lastError.get() : (int) value;
    }

    /**
     * A C {@code int} result, or {@code -errno} when it is -1. jffi hands a 32-bit result back
     * zero-extended in the {@code long}, so -1 arrives as 0xFFFFFFFF: compare the low half.
     */
    private int intResult(long value) {
        int v = (int) value;
        return v == -1 ? -lastError.get() : v;
    }

    private long longResult(long value) {
        return value == -1 ? -lastError.get() : value;
    }

    @Override
    public int setup(int entries, long params) {
        return result(invoker.invokeN3(long3, syscall, SYS_IO_URING_SETUP, entries, params));
    }

    @Override
    public int enter(int ringFd, int toSubmit, int minComplete, int flags) {
        return result(invoker.invokeN6(long6, syscall, SYS_IO_URING_ENTER, ringFd, toSubmit & 0xFFFF_FFFFL,
                minComplete & 0xFFFF_FFFFL, flags & 0xFFFF_FFFFL, 0L));
    }

    @Override
    public boolean canPassEnterArg() {
        return false;
    }

    @Override
    public int enterWithArg(int ringFd, int toSubmit, int minComplete, int flags, long arg, int argSize) {
        throw new UnsupportedOperationException("io_uring_enter's seventh syscall(2) argument cannot be passed "
                + "through jffi without allocating; timed waits use an IORING_OP_TIMEOUT entry");
    }

    @Override
    public int register(int ringFd, int opcode, long arg, int nrArgs) {
        return result(invoker.invokeN5(long5, syscall, SYS_IO_URING_REGISTER, ringFd, opcode, arg, nrArgs & 0xFFFF_FFFFL));
    }

    @Override
    public long mmap(long length, int fd, long offset) {
        return longResult(invoker.invokeN6(long6, mmap, 0L, length, PROT_READ_WRITE, MAP_SHARED_POPULATE, fd, offset));
    }

    @Override
    public int munmap(long address, long length) {
        return intResult(invoker.invokeN2(intOfLong2, munmap, address, length));
    }

    @Override
    public RingMemory memory(long address, long length) {
        return new JnrRingMemory(address, length);
    }

    @Override
    public int eventfd(int initval, int flags) {
        return intResult(invoker.invokeN2(int2, eventfd, initval, flags));
    }

    @Override
    public long write(int fd, long buf, long count) {
        return longResult(invoker.invokeN3(long3, write, fd, buf, count));
    }

    @Override
    public int close(int fd) {
        return intResult(invoker.invokeN1(int1, close, fd));
    }

    @Override
    public int descriptorFlags(int fd) {
        return intResult(invoker.invokeN3(int3, fcntl, fd, F_GETFD, 0L));
    }
}
