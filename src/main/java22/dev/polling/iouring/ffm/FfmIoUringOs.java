package dev.polling.iouring.ffm;

import java.lang.foreign.MemorySegment;

import dev.polling.iouring.IoUringOs;
import dev.polling.spi.NativeBuffer;
import dev.polling.spi.ffm.CapturedErrno;
import dev.polling.spi.ffm.FfmCalls;
import dev.polling.spi.ffm.FfmLibraries;
import dev.polling.spi.ffm.FfmNativeBuffer;
import dev.polling.spi.ffm.FfmUnixOs;

/**
 * {@link IoUringOs} through {@code java.lang.foreign}: {@code syscall(2)}, {@code mmap},
 * {@code munmap} and {@code eventfd} of the C library, or of {@code -Dpolling.io_uring.library=NAME},
 * called through {@link IoUringCalls}; the shared calls from {@link FfmUnixOs}. The linker passes
 * io_uring_enter's seven arguments without allocating, so timed waits pass their timeout with
 * {@code IORING_ENTER_EXT_ARG} ({@link #canPassEnterArg()} is true). Thread-safe; nothing is
 * allocated per call.
 */
public final class FfmIoUringOs extends FfmUnixOs implements IoUringOs {
    /** The backend name in {@code -Dpolling.io_uring.library}. */
    static final String BACKEND_NAME = "io_uring";

    /** {@code __NR_io_uring_setup} on x86_64 and aarch64. */
    private static final long SYS_IO_URING_SETUP = 425;
    /** {@code __NR_io_uring_enter}. */
    private static final long SYS_IO_URING_ENTER = 426;
    /** {@code __NR_io_uring_register}. */
    private static final long SYS_IO_URING_REGISTER = 427;
    private static final int PROT_READ_WRITE = 0x1 | 0x2;
    private static final int MAP_SHARED_POPULATE = 0x1 | 0x8000;
    /** {@code sizeof(struct io_uring_params)}. */
    private static final long PARAMS_SIZE = 120;
    /** {@code sizeof(struct io_uring_getevents_arg)}. */
    private static final long GETEVENTS_ARG_SIZE = 24;

    private final MemorySegment syscall;
    private final MemorySegment mmap;
    private final MemorySegment munmap;
    private final MemorySegment eventfd;

    private FfmIoUringOs(FfmLibraries.Library lib) {
        syscall = lib.find("syscall");
        mmap = lib.find("mmap");
        munmap = lib.find("munmap");
        eventfd = lib.find("eventfd");
    }

    /**
     * Binds the C library (or the override); what {@link dev.polling.spi.Binding#load(Class)} calls.
     *
     * @throws UnsatisfiedLinkError if the library or one of its functions cannot be found
     */
    public static IoUringOs load() {
        return new FfmIoUringOs(FfmLibraries.load(BACKEND_NAME, FfmLibraries.LIBC));
    }

    /** A {@code long} result, or {@code -errno} when it is -1 (the C failure value). */
    private static long longResult(long result, MemorySegment state) {
        return result == -1 ? CapturedErrno.result(-1, state) : result;
    }

    @Override
    public int setup(int entries, NativeBuffer params) {
        MemorySegment p = FfmNativeBuffer.segment(params, PARAMS_SIZE);
        MemorySegment state = CapturedErrno.state();
        try {
            return (int) longResult((long) IoUringCalls.SETUP.invokeExact(syscall, state, SYS_IO_URING_SETUP,
                    entries & 0xFFFF_FFFFL, p), state);
        } catch (Throwable t) {
            throw FfmCalls.unexpected("io_uring_setup", t);
        }
    }

    @Override
    public int enter(int ringFd, int toSubmit, int minComplete, int flags) {
        MemorySegment state = CapturedErrno.state();
        try {
            return (int) longResult((long) IoUringCalls.ENTER.invokeExact(syscall, state, SYS_IO_URING_ENTER, (long) ringFd,
                    toSubmit & 0xFFFF_FFFFL, minComplete & 0xFFFF_FFFFL, flags & 0xFFFF_FFFFL, MemorySegment.NULL, 0L), state);
        } catch (Throwable t) {
            throw FfmCalls.unexpected("io_uring_enter", t);
        }
    }

    @Override
    public boolean canPassEnterArg() {
        return true;
    }

    @Override
    public int enterWithArg(int ringFd, int toSubmit, int minComplete, int flags, NativeBuffer arg) {
        MemorySegment a = FfmNativeBuffer.segment(arg, GETEVENTS_ARG_SIZE);
        MemorySegment state = CapturedErrno.state();
        try {
            return (int) longResult((long) IoUringCalls.ENTER.invokeExact(syscall, state, SYS_IO_URING_ENTER, (long) ringFd,
                    toSubmit & 0xFFFF_FFFFL, minComplete & 0xFFFF_FFFFL, flags & 0xFFFF_FFFFL, a, GETEVENTS_ARG_SIZE), state);
        } catch (Throwable t) {
            throw FfmCalls.unexpected("io_uring_enter", t);
        }
    }

    @Override
    public int register(int ringFd, int opcode, NativeBuffer arg, int nrArgs) {
        MemorySegment a = FfmNativeBuffer.segment(arg);
        MemorySegment state = CapturedErrno.state();
        try {
            return (int) longResult((long) IoUringCalls.REGISTER.invokeExact(syscall, state, SYS_IO_URING_REGISTER,
                    (long) ringFd, opcode & 0xFFFF_FFFFL, a, nrArgs & 0xFFFF_FFFFL), state);
        } catch (Throwable t) {
            throw FfmCalls.unexpected("io_uring_register", t);
        }
    }

    @Override
    public long mmap(long length, int fd, long offset) {
        MemorySegment state = CapturedErrno.state();
        try {
            return longResult((long) IoUringCalls.MMAP.invokeExact(mmap, state, 0L, length, PROT_READ_WRITE,
                    MAP_SHARED_POPULATE, fd, offset), state);
        } catch (Throwable t) {
            throw FfmCalls.unexpected("mmap", t);
        }
    }

    @Override
    public int munmap(long address, long length) {
        MemorySegment state = CapturedErrno.state();
        try {
            return CapturedErrno.result((int) IoUringCalls.MUNMAP.invokeExact(munmap, state, address, length), state);
        } catch (Throwable t) {
            throw FfmCalls.unexpected("munmap", t);
        }
    }

    @Override
    public NativeBuffer memory(long address, long length) {
        return FfmNativeBuffer.view(address, length);
    }

    @Override
    public int eventfd(int initval, int flags) {
        MemorySegment state = CapturedErrno.state();
        try {
            return CapturedErrno.result((int) IoUringCalls.EVENTFD.invokeExact(eventfd, state, initval, flags), state);
        } catch (Throwable t) {
            throw FfmCalls.unexpected("eventfd", t);
        }
    }
}
