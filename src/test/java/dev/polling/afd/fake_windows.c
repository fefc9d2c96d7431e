/*
 * An argument recorder standing in for ntdll.dll, kernel32.dll and ws2_32.dll, built by
 * JnrAfdOsTest so that the AFD backend's JNR bindings can be called on Linux. Each function
 * records the arguments it received (as 64-bit values, declared with the Win64 widths: ULONG/DWORD/
 * BOOL/NTSTATUS 32-bit, HANDLE/pointers/ULONG_PTR 64-bit, UCHAR 8-bit) and returns fake_result,
 * leaving fake_error where jffi reads the last error on this OS (errno), as GetLastError would.
 * It checks argument order, count and width through JNR; it cannot check the Win64 calling
 * convention, which only Windows can.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

static const char *last_name = "";
static int64_t last_args[16];
static int last_count;
static int64_t fake_result;
static int fake_error;

#define RECORD(name, n, ...) do { int64_t a[] = { __VA_ARGS__ }; last_name = name; last_count = n; \
    memset(last_args, 0, sizeof last_args); memcpy(last_args, a, sizeof a); } while (0)

int64_t fake_arg(int i) { return last_args[i]; }
int fake_count(void) { return last_count; }
const char *fake_name(void) { return last_name; }
void fake_set_result(int64_t r) { fake_result = r; }
void fake_set_error(int e) { fake_error = e; }

int32_t NtCreateFile(void *h, uint32_t access, void *oa, void *iosb, void *alloc, uint32_t attrs, uint32_t share,
                     uint32_t disposition, uint32_t options, void *ea, uint32_t ealen) {
    RECORD("NtCreateFile", 11, (int64_t) h, access, (int64_t) oa, (int64_t) iosb, (int64_t) alloc, attrs, share,
           disposition, options, (int64_t) ea, ealen);
    errno = fake_error;
    return (int32_t) fake_result;
}

int32_t NtDeviceIoControlFile(void *file, void *event, void *apc, void *ctx, void *iosb, uint32_t code, void *in,
                              uint32_t inlen, void *out, uint32_t outlen) {
    RECORD("NtDeviceIoControlFile", 10, (int64_t) file, (int64_t) event, (int64_t) apc, (int64_t) ctx, (int64_t) iosb,
           code, (int64_t) in, inlen, (int64_t) out, outlen);
    errno = fake_error;
    return (int32_t) fake_result;
}

int32_t NtCancelIoFileEx(void *file, void *request, void *iosb) {
    RECORD("NtCancelIoFileEx", 3, (int64_t) file, (int64_t) request, (int64_t) iosb);
    errno = fake_error;
    return (int32_t) fake_result;
}

uint32_t RtlNtStatusToDosError(int32_t status) {
    RECORD("RtlNtStatusToDosError", 1, status);
    errno = fake_error;
    return (uint32_t) fake_result;
}

void *CreateIoCompletionPort(void *file, void *port, uint64_t key, uint32_t threads) {
    RECORD("CreateIoCompletionPort", 4, (int64_t) file, (int64_t) port, (int64_t) key, threads);
    errno = fake_error;
    return (void *) fake_result;
}

int32_t SetFileCompletionNotificationModes(void *handle, unsigned char flags) {
    RECORD("SetFileCompletionNotificationModes", 2, (int64_t) handle, flags);
    errno = fake_error;
    return (int32_t) fake_result;
}

int32_t GetQueuedCompletionStatusEx(void *port, void *entries, uint32_t count, void *removed, uint32_t millis,
                                    int32_t alertable) {
    RECORD("GetQueuedCompletionStatusEx", 6, (int64_t) port, (int64_t) entries, count, (int64_t) removed, millis,
           alertable);
    errno = fake_error;
    return (int32_t) fake_result;
}

int32_t PostQueuedCompletionStatus(void *port, uint32_t bytes, uint64_t key, void *overlapped) {
    RECORD("PostQueuedCompletionStatus", 4, (int64_t) port, bytes, (int64_t) key, (int64_t) overlapped);
    errno = fake_error;
    return (int32_t) fake_result;
}

int32_t CloseHandle(void *handle) {
    RECORD("CloseHandle", 1, (int64_t) handle);
    errno = fake_error;
    return (int32_t) fake_result;
}

int32_t WSAIoctl(uint64_t socket, uint32_t code, void *in, uint32_t inlen, void *out, uint32_t outlen, uint32_t *bytes,
                 void *overlapped, void *routine) {
    RECORD("WSAIoctl", 9, (int64_t) socket, code, (int64_t) in, inlen, (int64_t) out, outlen, (int64_t) bytes,
           (int64_t) overlapped, (int64_t) routine);
    errno = fake_error;
    return (int32_t) fake_result;
}
