package dev.polling.epoll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.IOException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

import com.kenai.jffi.MemoryIO;

@ExtendWith(MockitoExtension.class)
class EpollWakerTest {
    private static final MemoryIO MEMORY = MemoryIO.getInstance();
    private static final int EVENTFD_FLAGS = EpollFlags.EFD_CLOEXEC | EpollFlags.EFD_NONBLOCK;
    private static final int PIPE_FLAGS = EpollFlags.O_CLOEXEC | EpollFlags.O_NONBLOCK;

    @Mock
    private EpollNative lib;

    @Test
    void shouldUseANonBlockingEventfd() throws IOException {
        when(lib.eventfd(0, EVENTFD_FLAGS)).thenReturn(6);

        try (EpollWaker waker = EpollWaker.open(lib)) {
            assertEquals(6, waker.readFd());
            assertFalse(waker.isPipe());
        }
    }

    @Test
    void shouldSignalAnEventfdWithTheValueOne() throws IOException {
        when(lib.eventfd(0, EVENTFD_FLAGS)).thenReturn(6);
        long[] written = new long[1];
        when(lib.write(eq(6), anyLong(), eq(8L))).thenAnswer(call -> {
            written[0] = MEMORY.getLong(call.getArgument(1, Long.class));
            return 8L;
        });

        try (EpollWaker waker = EpollWaker.open(lib)) {
            waker.signal();
        }

        assertEquals(1L, written[0]);
    }

    @Test
    void shouldNeverReadAnEventfd() throws IOException {
        when(lib.eventfd(0, EVENTFD_FLAGS)).thenReturn(6);

        try (EpollWaker waker = EpollWaker.open(lib)) {
            waker.drain();
        }

        verify(lib, never()).read(anyInt(), anyLong(), anyLong());
    }

    @Test
    void shouldFallBackToANonBlockingPipeWhenEventfdFails() throws IOException {
        when(lib.eventfd(0, EVENTFD_FLAGS)).thenReturn(-1);
        when(lib.lastError()).thenReturn(EpollErrors.EINVAL);
        when(lib.pipe2(anyLong(), eq(PIPE_FLAGS))).thenAnswer(call -> {
            long fds = call.getArgument(0, Long.class);
            MEMORY.putInt(fds, 7);
            MEMORY.putInt(fds + 4, 8);
            return 0;
        });
        when(lib.write(eq(8), anyLong(), eq(1L))).thenReturn(1L);

        try (EpollWaker waker = EpollWaker.open(lib)) {
            assertEquals(7, waker.readFd());
            assertTrue(waker.isPipe());
            waker.signal();
        }

        verify(lib).write(eq(8), anyLong(), eq(1L));
        verify(lib).close(7);
        verify(lib).close(8);
    }

    @Test
    void shouldDrainAPipeUntilItIsEmpty() throws IOException {
        openPipe();
        when(lib.read(eq(7), anyLong(), eq(64L))).thenReturn(64L, 64L, 3L);

        try (EpollWaker waker = EpollWaker.open(lib)) {
            waker.drain();
        }

        verify(lib, times(3)).read(eq(7), anyLong(), eq(64L));
    }

    @Test
    void shouldStopDrainingOnEagain() throws IOException {
        openPipe();
        when(lib.read(eq(7), anyLong(), eq(64L))).thenReturn(-1L);

        try (EpollWaker waker = EpollWaker.open(lib)) {
            waker.drain();
        }

        verify(lib, times(1)).read(eq(7), anyLong(), eq(64L));
    }

    @Test
    void shouldNameBothErrorsWhenNeitherWorks() {
        when(lib.eventfd(0, EVENTFD_FLAGS)).thenReturn(-1);
        when(lib.pipe2(anyLong(), eq(PIPE_FLAGS))).thenReturn(-1);
        when(lib.lastError()).thenReturn(EpollErrors.ENOSYS, EpollErrors.EMFILE);

        IOException e = assertThrows(IOException.class, () -> EpollWaker.open(lib));

        assertTrue(e.getMessage().contains("eventfd: ENOSYS"), e.getMessage());
        assertTrue(e.getMessage().contains("pipe2: EMFILE"), e.getMessage());
    }

    @Test
    void shouldCloseTheEventfdOnce() throws IOException {
        when(lib.eventfd(0, EVENTFD_FLAGS)).thenReturn(6);

        EpollWaker waker = EpollWaker.open(lib);
        waker.close();

        verify(lib, times(1)).close(6);
    }

    @Test
    void shouldReportAFailedClose() throws IOException {
        when(lib.eventfd(0, EVENTFD_FLAGS)).thenReturn(6);
        when(lib.close(6)).thenReturn(-1);
        when(lib.lastError()).thenReturn(EpollErrors.EBADF);
        EpollWaker waker = EpollWaker.open(lib);

        IOException e = assertThrows(IOException.class, waker::close);

        assertEquals("close(eventfd): EBADF (Bad file descriptor)", e.getMessage());
    }

    private void openPipe() {
        when(lib.eventfd(0, EVENTFD_FLAGS)).thenReturn(-1);
        when(lib.pipe2(anyLong(), eq(PIPE_FLAGS))).thenAnswer(call -> {
            long fds = call.getArgument(0, Long.class);
            MEMORY.putInt(fds, 7);
            MEMORY.putInt(fds + 4, 8);
            return 0;
        });
    }
}
