package dev.polling.iouring.jnr;

import com.kenai.jffi.CallContext;
import com.kenai.jffi.CallContextCache;
import com.kenai.jffi.CallingConvention;
import com.kenai.jffi.Invoker;
import com.kenai.jffi.LastError;
import com.kenai.jffi.Library;
import com.kenai.jffi.Type;

import dev.polling.iouring.IoUringOs;
import dev.polling.spi.NativeBuffer;
import dev.polling.spi.jnr.JnrLibraries;
import dev.polling.spi.jnr.JnrNativeBuffer;
import dev.polling.spi.jnr.JnrUnixOs;

/**
 * {@link IoUringOs} through JNR-FFI: {@link LibIoUring} for the calls of five arguments or fewer,
 * and jffi's {@link Invoker}, the call layer under JNR-FFI, for {@code syscall(2)} and {@code mmap}.
 *
 * <p><b>Why jffi's Invoker for those.</b> {@code io_uring_enter} through {@code syscall(2)} takes
 * seven arguments (the number and six). JNR-FFI's generated stubs pass at most six without
 * allocating (72 bytes a call above that, measured with the thread allocation counter), and its
 * x86_64 fast path passes garbage as the sixth argument of a six-argument function
 * (jnr/jnr-ffi#181), which would be {@code mmap}'s offset. jffi's {@code invokeN6} calls the
 * function pointer directly with six integer registers, clears {@code %al} for a variadic callee,
 * saves errno, and allocates nothing. That covers {@code io_uring_enter} without
 * {@code IORING_ENTER_EXT_ARG}: its last two arguments are then a signal mask and its size, the
 * mask is NULL (the sixth value passed here), and the kernel reads the size only for a non-NULL
 * mask, so the seventh argument (whatever {@code syscall} finds on the stack) is never read. A
 * timed wait therefore goes through an {@code IORING_OP_TIMEOUT} entry instead of an
 * {@code io_uring_getevents_arg} ({@link #canPassEnterArg()} is false).
 *
 * <p>Bound to the C library or to {@code -Dpolling.io_uring.library=NAME}. Thread-safe.
 */
public final class JnrIoUringOs extends JnrUnixOs implements IoUringOs {
    /** The backend name in {@code -Dpolling.io_uring.library}. */
    static final String BACKEND_NAME = "io_uring";

    /** {@code __NR_io_uring_setup} on x86_64 and aarch64. */
    private static final long SYS_IO_URING_SETUP = 425;
    /** {@code __NR_io_uring_enter}. */
    private static final long SYS_IO_URING_ENTER = 426;
    /** {@code __NR_io_uring_register}. */
    private static final long SYS_IO_URING_REGISTER = 427;
    private static final long PROT_READ_WRITE = 0x1 | 0x2;
    private static final long MAP_SHARED_POPULATE = 0x1 | 0x8000;

    private final LibIoUring lib;
    private final Invoker invoker = Invoker.getInstance();
    private final LastError lastError = LastError.getInstance();
    /** {@code long syscall(long, ...)} with 3, 5 and 6 arguments; {@code void *mmap(...)}: errno saved. */
    private final CallContext long3;
    private final CallContext long5;
    private final CallContext long6;
    private final long syscall;
    private final long mmap;

    private JnrIoUringOs(LibIoUring lib, Library symbols) {
        super(lib);
        this.lib = lib;
        long3 = context(3);
        long5 = context(5);
        long6 = context(6);
        syscall = symbol(symbols, "syscall");
        mmap = symbol(symbols, "mmap");
    }

    /**
     * Binds the C library (or the override); what {@link dev.polling.spi.Binding#load(Class)} calls.
     *
     * @throws UnsatisfiedLinkError if it cannot be loaded, lacks a function, or jffi's native stub cannot load
     */
    public static IoUringOs load() {
        LibIoUring lib = JnrLibraries.load(LibIoUring.class, BACKEND_NAME, JnrLibraries.LIBC);
        String override = System.getProperty(dev.polling.spi.NativeLibraries.libraryProperty(BACKEND_NAME));
        Library symbols = override == null || override.isBlank() ? Library.getDefault()
                : Library.getCachedInstance(override.trim(), Library.LAZY | Library.LOCAL);
        if (symbols == null) {
            throw new UnsatisfiedLinkError("cannot load " + override.trim() + ": " + Library.getLastError());
        }
        return new JnrIoUringOs(lib, symbols);
    }

    private static CallContext context(int parameters) {
        Type[] types = new Type[parameters];
        java.util.Arrays.fill(types, Type.SINT64);
        return CallContextCache.getInstance().getCallContext(Type.SINT64, types, CallingConvention.DEFAULT, true);
    }

    private static long symbol(Library library, String name) {
        long address = library.getSymbolAddress(name);
        if (address == 0) {
            throw new UnsatisfiedLinkError("the C library has no " + name + " (" + Library.getLastError() + ")");
        }
        return address;
    }

    /** A {@code long} result of syscall or mmap, or {@code -errno} when it is -1 (the C failure value). */
    private long syscallResult(long value) {
        return value == -1 ? -lastError.get() : value;
    }

    @Override
    public int setup(int entries, NativeBuffer params) {
        java.util.Objects.checkFromIndexSize(0, 120, params.size());
        return (int) syscallResult(invoker.invokeN3(long3, syscall, SYS_IO_URING_SETUP, entries, params.address()));
    }

    @Override
    public int enter(int ringFd, int toSubmit, int minComplete, int flags) {
        return (int) syscallResult(invoker.invokeN6(long6, syscall, SYS_IO_URING_ENTER, ringFd, toSubmit & 0xFFFF_FFFFL,
                minComplete & 0xFFFF_FFFFL, flags & 0xFFFF_FFFFL, 0L));
    }

    @Override
    public boolean canPassEnterArg() {
        return false;
    }

    @Override
    public int enterWithArg(int ringFd, int toSubmit, int minComplete, int flags, NativeBuffer arg) {
        throw new UnsupportedOperationException("io_uring_enter's seventh syscall(2) argument cannot be passed "
                + "through jffi without allocating; timed waits use an IORING_OP_TIMEOUT entry");
    }

    @Override
    public int register(int ringFd, int opcode, NativeBuffer arg, int nrArgs) {
        return (int) syscallResult(invoker.invokeN5(long5, syscall, SYS_IO_URING_REGISTER, ringFd, opcode, arg.address(),
                nrArgs & 0xFFFF_FFFFL));
    }

    @Override
    public long mmap(long length, int fd, long offset) {
        return syscallResult(invoker.invokeN6(long6, mmap, 0L, length, PROT_READ_WRITE, MAP_SHARED_POPULATE, fd, offset));
    }

    @Override
    public int munmap(long address, long length) {
        return result(lib.munmap(address, length));
    }

    @Override
    public NativeBuffer memory(long address, long length) {
        return JnrNativeBuffer.view(address, length);
    }

    @Override
    public int eventfd(int initval, int flags) {
        return result(lib.eventfd(initval, flags));
    }
}
