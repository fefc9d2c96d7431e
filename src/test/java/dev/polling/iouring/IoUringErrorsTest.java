package dev.polling.iouring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

import dev.polling.spi.Errno;
import dev.polling.spi.Platform;

class IoUringErrorsTest {
    @Test
    void shouldUseLinuxNumbersAsTheOneErrnoTableHasThem() {
        Errno.Table linux = Errno.Table.of(Platform.of("Linux", "6.1", "amd64"), "Linux");
        assertEquals(linux.value("EPERM"), IoUringErrors.EPERM);
        assertEquals(linux.value("ENOENT"), IoUringErrors.ENOENT);
        assertEquals(linux.value("EINTR"), IoUringErrors.EINTR);
        assertEquals(linux.value("EBADF"), IoUringErrors.EBADF);
        assertEquals(linux.value("EAGAIN"), IoUringErrors.EAGAIN);
        assertEquals(linux.value("ENOMEM"), IoUringErrors.ENOMEM);
        assertEquals(linux.value("EBUSY"), IoUringErrors.EBUSY);
        assertEquals(linux.value("EINVAL"), IoUringErrors.EINVAL);
        assertEquals(linux.value("ENOSYS"), IoUringErrors.ENOSYS);
        assertEquals(linux.value("ETIME"), IoUringErrors.ETIME);
        assertEquals(linux.value("EBADFD"), IoUringErrors.EBADFD);
    }

    @Test
    void shouldNameEveryErrorTheBackendReports() {
        assumeTrue(Platform.current().os() == Platform.Os.LINUX, "names come from this OS's table");
        assertTrue(IoUringErrors.describe(IoUringErrors.ECANCELED).startsWith("ECANCELED"));
        assertTrue(IoUringErrors.describe(IoUringErrors.EBUSY).startsWith("EBUSY"));
        assertTrue(IoUringErrors.describe(IoUringErrors.EBADFD).startsWith("EBADFD"));
        assertTrue(IoUringErrors.failed("io_uring_enter", IoUringErrors.ETIME).getMessage().contains("ETIME"));
    }
}
