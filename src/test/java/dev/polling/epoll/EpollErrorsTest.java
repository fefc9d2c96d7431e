package dev.polling.epoll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;

import org.junit.jupiter.api.Test;

import dev.polling.spi.Errno;

class EpollErrorsTest {

    @Test
    void shouldReportEexistAsAlreadyRegistered() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> EpollErrors.throwCtlFailure(EpollFlags.EPOLL_CTL_ADD, 7, Errno.EEXIST));
        assertTrue(e.getMessage().contains("descriptor 7 is already registered"), e.getMessage());
    }

    @Test
    void shouldReportEnoentAsNotRegistered() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> EpollErrors.throwCtlFailure(EpollFlags.EPOLL_CTL_MOD, 7, Errno.ENOENT));
        assertTrue(e.getMessage().contains("descriptor 7 is not registered"), e.getMessage());
    }

    @Test
    void shouldReportEpermAsAFileEpollCannotPoll() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EpollErrors.throwCtlFailure(EpollFlags.EPOLL_CTL_ADD, 7, Errno.EPERM));
        assertTrue(e.getMessage().contains("descriptor 7"), e.getMessage());
        assertTrue(e.getMessage().contains("epoll refuses files whose driver has no readiness to report"), e.getMessage());
    }

    @Test
    void shouldReportEbadfAsNotAnOpenDescriptor() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EpollErrors.throwCtlFailure(EpollFlags.EPOLL_CTL_ADD, 9, Errno.EBADF));
        assertTrue(e.getMessage().contains("descriptor 9 is not an open descriptor"), e.getMessage());
        assertTrue(e.getMessage().contains("EBADF (Bad file descriptor)"), e.getMessage());
    }

    @Test
    void shouldReportOtherErrorsAsIoExceptionNamingTheCall() {
        IOException e = assertThrows(IOException.class,
                () -> EpollErrors.throwCtlFailure(EpollFlags.EPOLL_CTL_ADD, 7, Errno.ENOSPC));
        assertTrue(e.getMessage().startsWith("epoll_ctl(ADD, fd 7): ENOSPC"), e.getMessage());
    }

    @Test
    void shouldNameUnknownErrnosByNumber() {
        assertEquals("errno 123", EpollErrors.describe(123));
        assertEquals("epoll_wait(epfd 3): EINVAL (Invalid argument)", EpollErrors.failed("epoll_wait(epfd 3)", 22).getMessage());
    }
}
