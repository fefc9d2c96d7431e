package dev.polling.kqueue;

import dev.polling.spi.NativeBuffer;

/**
 * The OS calls the kqueue backend makes, narrowed to what it needs so that its logic can be
 * tested with this interface mocked. Every call returns its C result when that is not negative,
 * and {@code -errno} when the C call failed: the errno is read on the calling thread right after
 * the call.
 */
interface KqueueSystem {
    /** {@code kqueue()}: a new kqueue descriptor. */
    int kqueue();

    /**
     * {@code kevent(kq, changes, nchanges, events, nevents, timeout)}; a {@code null} buffer is
     * passed as NULL (a NULL timeout waits without limit).
     */
    int kevent(int kq, NativeBuffer changes, int nchanges, NativeBuffer events, int nevents, NativeBuffer timeout);

    /** {@code fcntl(fd, cmd, arg)}. */
    int fcntl(int fd, int cmd, int arg);

    /** {@code pipe(fds)}. */
    int pipe(int[] fds);

    /** {@code read(fd, buf, length)}. */
    int read(int fd, NativeBuffer buf, int length);

    /** {@code write(fd, buf, length)}. */
    int write(int fd, NativeBuffer buf, int length);

    /** {@code close(fd)}. */
    int close(int fd);
}
