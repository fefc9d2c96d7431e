package dev.polling.afd.jnr;

import jnr.ffi.types.intptr_t;

/** JNR-FFI binding of ws2_32.dll's {@code WSAIoctl} (LLP64; {@code SOCKET} is pointer-sized). */
public interface Ws2_32 {
    /** {@code int WSAIoctl(SOCKET, DWORD, LPVOID, DWORD, LPVOID, DWORD, LPDWORD, LPWSAOVERLAPPED, LPWSAOVERLAPPED_COMPLETION_ROUTINE)}. */
    int WSAIoctl(@intptr_t long socket, int ioControlCode, @intptr_t long inBuffer, int inBufferLength,
                 @intptr_t long outBuffer, int outBufferLength, @intptr_t long bytesReturned, @intptr_t long overlapped,
                 @intptr_t long completionRoutine);
}
