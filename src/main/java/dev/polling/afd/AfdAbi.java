package dev.polling.afd;

/**
 * The Windows constants the AFD backend uses: the {@code IOCTL_AFD_POLL} code and event bits (from
 * the ReactOS and wepoll headers, AFD being undocumented), NTSTATUS and Win32 error values, and the
 * {@code NtCreateFile}/{@code WSAIoctl} arguments. docs/NATIVE.md explains them.
 */
final class AfdAbi {
    /** {@code (FILE_DEVICE_NETWORK 0x12 << 12) | (AFD_POLL 9 << 2) | METHOD_BUFFERED}. */
    static final int IOCTL_AFD_POLL = 0x00012024;

    static final int AFD_POLL_RECEIVE = 0x001;
    static final int AFD_POLL_RECEIVE_EXPEDITED = 0x002;
    static final int AFD_POLL_SEND = 0x004;
    static final int AFD_POLL_DISCONNECT = 0x008;
    static final int AFD_POLL_ABORT = 0x010;
    static final int AFD_POLL_LOCAL_CLOSE = 0x020;
    static final int AFD_POLL_ACCEPT = 0x080;
    static final int AFD_POLL_CONNECT_FAIL = 0x100;

    static final int STATUS_SUCCESS = 0;
    static final int STATUS_PENDING = 0x103;
    static final int STATUS_CANCELLED = 0xC0000120;
    static final int STATUS_NOT_FOUND = 0xC0000225;
    static final int STATUS_INVALID_HANDLE = 0xC0000008;

    static final int SYNCHRONIZE = 0x00100000;
    static final int FILE_SHARE_READ = 1;
    static final int FILE_SHARE_WRITE = 2;
    static final int FILE_OPEN = 1;
    static final int FILE_SKIP_SET_EVENT_ON_HANDLE = 2;

    static final int ERROR_INVALID_HANDLE = 6;
    static final int WAIT_TIMEOUT = 258;
    static final int ERROR_ABANDONED_WAIT_0 = 735;
    static final int WSAENOTSOCK = 10038;

    static final int INFINITE = 0xFFFFFFFF;
    static final long INVALID_HANDLE_VALUE = -1L;

    static final int SIO_BSP_HANDLE_POLL = 0x4800001D;
    static final int SIO_BASE_HANDLE = 0x48000022;

    private AfdAbi() {
    }

    /** An NTSTATUS for messages: {@code "NTSTATUS 0xC0000008"}. */
    static String ntStatus(int status) {
        return String.format("NTSTATUS 0x%08X", status);
    }

    /** A Win32 error for messages: {@code "Win32 error 6 (ERROR_INVALID_HANDLE)"}. */
    static String win32(int error) {
        String name = switch (error) {
            case 2 -> "ERROR_FILE_NOT_FOUND";
            case 3 -> "ERROR_PATH_NOT_FOUND";
            case 5 -> "ERROR_ACCESS_DENIED";
            case ERROR_INVALID_HANDLE -> "ERROR_INVALID_HANDLE";
            case 8 -> "ERROR_NOT_ENOUGH_MEMORY";
            case 87 -> "ERROR_INVALID_PARAMETER";
            case WAIT_TIMEOUT -> "WAIT_TIMEOUT";
            case ERROR_ABANDONED_WAIT_0 -> "ERROR_ABANDONED_WAIT_0";
            case 995 -> "ERROR_OPERATION_ABORTED";
            case 1168 -> "ERROR_NOT_FOUND";
            case 10022 -> "WSAEINVAL";
            case WSAENOTSOCK -> "WSAENOTSOCK";
            case 10093 -> "WSANOTINITIALISED";
            default -> null;
        };
        return "Win32 error " + error + (name == null ? "" : " (" + name + ")");
    }
}
