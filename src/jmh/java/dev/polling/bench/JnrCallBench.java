package dev.polling.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.IgnoreError;
import jnr.ffi.annotations.Out;

/**
 * What one JNR-FFI call costs by itself, by binding style, to explain the ring's numbers: a
 * C function that does almost nothing ({@code labs}) bound primitive-only with and without
 * errno saving, and one taking a {@link Pointer}; and a cheap real system call
 * ({@code getppid}) for the kernel-entry cost every event pays several times.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms256m", "-Xmx256m"})
public class JnrCallBench {
    /** Bound with errno saved after each call (JNR's default). */
    public interface SavesErrno {
        /** {@code labs(3)}. */
        long labs(long value);

        /** {@code getppid(2)}. */
        int getppid();

        /** {@code memchr(3)} on a pointer. */
        Pointer memchr(@Out Pointer s, int c, long n);
    }

    /** Bound primitive-only with {@link IgnoreError}: the x86-64 JNI stub and nothing else. */
    public interface IgnoresErrno {
        /** {@code labs(3)}. */
        @IgnoreError
        long labs(long value);

        /** {@code getppid(2)}. */
        @IgnoreError
        int getppid();

        /** {@code memchr(3)} on an address passed as a long. */
        @IgnoreError
        long memchr(long s, int c, long n);

        /** {@code memchr(3)} on a pointer. */
        @IgnoreError
        Pointer memchr(@Out Pointer s, int c, long n);
    }

    private SavesErrno saves;
    private IgnoresErrno ignores;
    private Pointer memory;
    private long address;
    private long value = -42;

    /** Binds both styles. */
    @Setup
    public void bind() {
        saves = LibraryLoader.create(SavesErrno.class).load("c");
        ignores = LibraryLoader.create(IgnoresErrno.class).load("c");
        memory = Memory.allocateDirect(Runtime.getRuntime(ignores), 16);
        address = memory.address();
    }

    /** labs, errno saved. */
    @Benchmark
    public long labsSavingErrno() {
        return saves.labs(value);
    }

    /** labs, @IgnoreError. */
    @Benchmark
    public long labsIgnoringErrno() {
        return ignores.labs(value);
    }

    /** memchr on an address in a long, @IgnoreError. */
    @Benchmark
    public long memchrAddress() {
        return ignores.memchr(address, 1, 16);
    }

    /** memchr on a direct Pointer, @IgnoreError. */
    @Benchmark
    public Pointer memchrPointer() {
        return ignores.memchr(memory, 1, 16);
    }

    /** memchr on a direct Pointer, errno saved. */
    @Benchmark
    public Pointer memchrPointerSavingErrno() {
        return saves.memchr(memory, 1, 16);
    }

    /** getppid, a real system call, @IgnoreError. */
    @Benchmark
    public int getppid() {
        return ignores.getppid();
    }
}
