package dev.polling.stress;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;

/**
 * The few C library calls the stress suite makes itself (never the library under test's
 * binding): signalling one thread, opening a file by path, and glibc's heap statistics.
 */
public interface TestLibC {
    /** {@code O_RDONLY}. */
    int O_RDONLY = 0;

    /** The C library, bound once. */
    static TestLibC get() {
        return Holder.LIBC;
    }

    int getpid();

    /** Sends {@code sig} to thread {@code tid} of process {@code tgid} (glibc 2.30+). */
    int tgkill(int tgid, int tid, int sig);

    int open(String path, int flags);

    int close(int fd);

    /** A stdio stream writing into a growing buffer; {@code bufp}/{@code sizep} must stay valid until fclose. */
    Pointer open_memstream(Pointer bufp, Pointer sizep);

    /** glibc: writes the heap's statistics as XML to {@code stream}. */
    int malloc_info(int options, Pointer stream);

    int fclose(Pointer stream);

    void free(Pointer pointer);

    /** Lazy binding, so that a class that only reads /proc never loads JNR. */
    final class Holder {
        static final TestLibC LIBC = LibraryLoader.create(TestLibC.class).load("c");

        private Holder() {
        }
    }
}
