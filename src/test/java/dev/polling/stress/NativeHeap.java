package dev.polling.stress;

import java.nio.charset.StandardCharsets;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * The bytes of C heap in use (glibc), from {@code malloc_info(3)}: the memory the system holds for
 * all arenas, less what is free in them, plus mmapped chunks. JNR-FFI and jffi allocate native
 * memory with malloc, so a native leak in a backend shows here.
 */
final class NativeHeap {
    private NativeHeap() {
    }

    /** Bytes in use, or -1 where malloc_info cannot be called (not glibc). */
    static long inUse() {
        String xml = mallocInfo();
        if (xml == null) {
            return -1;
        }
        // The process-wide totals follow the last </heap>; each heap has its own lines before it.
        int totals = xml.lastIndexOf("</heap>");
        String tail = totals < 0 ? xml : xml.substring(totals);
        long fastFree = attribute(tail, "<total type=\"fast\"", "size");
        long restFree = attribute(tail, "<total type=\"rest\"", "size");
        long mmapped = attribute(tail, "<total type=\"mmap\"", "size");
        long system = attribute(tail, "<system type=\"current\"", "size");
        return system - fastFree - restFree + mmapped;
    }

    private static String mallocInfo() {
        TestLibC libc;
        try {
            libc = TestLibC.get();
        } catch (LinkageError noJnr) {
            return null;
        }
        Runtime runtime = Runtime.getSystemRuntime();
        // open_memstream keeps these two addresses until fclose: native memory, not a JNR reference.
        Pointer cells = Memory.allocateDirect(runtime, 2L * runtime.addressSize(), true);
        Pointer bufp = cells.slice(0, runtime.addressSize());
        Pointer sizep = cells.slice(runtime.addressSize(), runtime.addressSize());
        Pointer stream = libc.open_memstream(bufp, sizep);
        if (stream == null) {
            return null;
        }
        try {
            if (libc.malloc_info(0, stream) != 0) {
                libc.fclose(stream);
                return null;
            }
        } catch (UnsatisfiedLinkError notGlibc) {
            libc.fclose(stream);
            return null;
        }
        libc.fclose(stream);
        Pointer buffer = bufp.getPointer(0);
        long size = sizep.getLong(0);
        try {
            byte[] bytes = new byte[(int) size];
            buffer.get(0, bytes, 0, bytes.length);
            return new String(bytes, StandardCharsets.UTF_8);
        } finally {
            libc.free(buffer);
        }
    }

    private static long attribute(String xml, String element, String name) {
        int at = xml.indexOf(element);
        if (at < 0) {
            throw new IllegalStateException("malloc_info has no " + element + ": " + xml);
        }
        String key = name + "=\"";
        int start = xml.indexOf(key, at) + key.length();
        return Long.parseLong(xml.substring(start, xml.indexOf('"', start)));
    }
}
