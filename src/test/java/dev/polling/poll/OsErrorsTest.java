package dev.polling.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.IOException;

import org.junit.jupiter.api.Test;

class OsErrorsTest {
    @Test
    void shouldNameTheCallTheErrnoAndItsDescription() {
        PollSyscalls sys = mock(PollSyscalls.class);
        when(sys.strerror(22)).thenReturn("Invalid argument");
        IOException e = OsErrors.failed("poll(nfds 3, timeout 5 ms)", 22, PollAbi.LINUX, sys);
        assertEquals("poll(nfds 3, timeout 5 ms): EINVAL (Invalid argument)", e.getMessage());
    }

    @Test
    void shouldUseTheOsOwnErrnoNames() {
        PollSyscalls sys = mock(PollSyscalls.class);
        when(sys.strerror(35)).thenReturn("Resource temporarily unavailable");
        assertEquals("read(fd 4): EAGAIN (Resource temporarily unavailable)",
                OsErrors.failed("read(fd 4)", 35, PollAbi.BSD, sys).getMessage());
    }
}
