package dev.polling.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.IOException;

import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

class WakePipeTest {
    private static final int READ_FD = 5;
    private static final int WRITE_FD = 6;
    private final PollSyscalls sys = mock(PollSyscalls.class);

    private void pipeReturns(boolean viaPipe2) {
        if (viaPipe2) {
            doAnswer(inv -> {
                int[] fds = inv.getArgument(0);
                fds[0] = READ_FD;
                fds[1] = WRITE_FD;
                return 0;
            }).when(sys).pipe2(any(), anyInt());
        } else {
            doReturn(-1).when(sys).pipe2(any(), anyInt());
        }
        doAnswer(inv -> {
            int[] fds = inv.getArgument(0);
            fds[0] = READ_FD;
            fds[1] = WRITE_FD;
            return 0;
        }).when(sys).pipe(any());
    }

    @Test
    void shouldCreateThePipeWithPipe2FlagsOnLinux() throws IOException {
        pipeReturns(true);
        try (WakePipe pipe = WakePipe.open(sys, PollAbi.LINUX)) {
            verify(sys).pipe2(any(), eq(0x800 | 0x80000));
            verify(sys, never()).pipe(any());
            verify(sys, never()).fcntl(anyInt(), anyInt(), anyInt());
            assertEquals(READ_FD, pipe.readFd());
            assertEquals(WRITE_FD, pipe.writeFd());
        }
    }

    @Test
    void shouldUsePipeAndFcntlWhereThereIsNoPipe2() throws IOException {
        pipeReturns(true);
        when(sys.fcntl(anyInt(), eq(PollAbi.BSD.fGetFl), eq(0))).thenReturn(0x2);
        WakePipe.open(sys, PollAbi.BSD).close();
        verify(sys, never()).pipe2(any(), anyInt());
        for (int fd : new int[] {READ_FD, WRITE_FD}) {
            verify(sys).fcntl(fd, PollAbi.BSD.fSetFl, 0x2 | PollAbi.BSD.oNonblock);
            verify(sys).fcntl(fd, PollAbi.BSD.fSetFd, PollAbi.BSD.fdCloexec);
        }
    }

    @Test
    void shouldFallBackToPipeWhenPipe2FailsOrIsMissing() throws IOException {
        pipeReturns(false);
        WakePipe.open(sys, PollAbi.LINUX).close();
        verify(sys).pipe(any());
        verify(sys).fcntl(READ_FD, PollAbi.LINUX.fSetFd, PollAbi.LINUX.fdCloexec);
        PollSyscalls noPipe2 = mock(PollSyscalls.class);
        when(noPipe2.pipe2(any(), anyInt())).thenThrow(new UnsatisfiedLinkError("pipe2"));
        when(noPipe2.pipe(any())).thenReturn(0);
        WakePipe.open(noPipe2, PollAbi.LINUX).close();
        verify(noPipe2).pipe(any());
    }

    @Test
    void shouldNamePipeAndErrnoWhenThePipeCannotBeCreated() {
        when(sys.pipe2(any(), anyInt())).thenReturn(-1);
        when(sys.pipe(any())).thenReturn(-1);
        when(sys.errno()).thenReturn(24);
        when(sys.strerror(24)).thenReturn("Too many open files");
        IOException e = assertThrows(IOException.class, () -> WakePipe.open(sys, PollAbi.LINUX));
        assertEquals("pipe(): EMFILE (Too many open files)", e.getMessage());
    }

    @Test
    void shouldCloseBothEndsWhenConfiguringFails() {
        pipeReturns(true);
        when(sys.fcntl(WRITE_FD, PollAbi.BSD.fGetFl, 0)).thenReturn(-1);
        when(sys.errno()).thenReturn(9);
        IOException e = assertThrows(IOException.class, () -> WakePipe.open(sys, PollAbi.BSD));
        assertTrue(e.getMessage().startsWith("fcntl(fd 6, F_GETFL): EBADF"), e.getMessage());
        verify(sys).close(READ_FD);
        verify(sys).close(WRITE_FD);
    }

    @Test
    void shouldWriteOneByteAndRetryOnlyWhenInterrupted() throws IOException {
        pipeReturns(true);
        try (WakePipe pipe = WakePipe.open(sys, PollAbi.LINUX)) {
            when(sys.write(eq(WRITE_FD), anyLong(), eq(1))).thenReturn(-1, 1);
            when(sys.errno()).thenReturn(PollAbi.LINUX.eintr);
            pipe.signal();
            verify(sys, times(2)).write(eq(WRITE_FD), anyLong(), eq(1));

            when(sys.write(eq(WRITE_FD), anyLong(), eq(1))).thenReturn(-1);
            when(sys.errno()).thenReturn(PollAbi.LINUX.eagain);
            pipe.signal(); // a full pipe wakes the poller anyway: no retry, no exception
            verify(sys, times(3)).write(eq(WRITE_FD), anyLong(), eq(1));
        }
    }

    @Test
    void shouldDrainUntilEagain() throws IOException {
        pipeReturns(true);
        try (WakePipe pipe = WakePipe.open(sys, PollAbi.BSD)) {
            when(sys.read(eq(READ_FD), anyLong(), eq(WakePipe.DRAIN_CHUNK)))
                    .thenReturn(WakePipe.DRAIN_CHUNK, WakePipe.DRAIN_CHUNK, -1);
            when(sys.errno()).thenReturn(35);
            pipe.drain();
            verify(sys, times(3)).read(eq(READ_FD), anyLong(), eq(WakePipe.DRAIN_CHUNK));
        }
    }

    @Test
    void shouldStopDrainingAtAShortRead() throws IOException {
        pipeReturns(true);
        try (WakePipe pipe = WakePipe.open(sys, PollAbi.LINUX)) {
            when(sys.read(eq(READ_FD), anyLong(), eq(WakePipe.DRAIN_CHUNK))).thenReturn(WakePipe.DRAIN_CHUNK, 2);
            pipe.drain();
            verify(sys, times(2)).read(eq(READ_FD), anyLong(), eq(WakePipe.DRAIN_CHUNK));
        }
    }

    @Test
    void shouldRetryAnInterruptedDrainAndFailOnOtherErrors() throws IOException {
        pipeReturns(true);
        try (WakePipe pipe = WakePipe.open(sys, PollAbi.LINUX)) {
            when(sys.read(eq(READ_FD), anyLong(), anyInt())).thenReturn(-1, -1, 0);
            when(sys.errno()).thenReturn(PollAbi.LINUX.eintr, PollAbi.LINUX.eintr);
            pipe.drain();
            verify(sys, times(3)).read(eq(READ_FD), anyLong(), anyInt());

            when(sys.read(eq(READ_FD), anyLong(), anyInt())).thenReturn(-1);
            when(sys.errno()).thenReturn(9);
            IOException e = assertThrows(IOException.class, pipe::drain);
            assertTrue(e.getMessage().startsWith("read(wake pipe fd 5): EBADF"), e.getMessage());
        }
    }

    @Test
    void shouldCloseBothEndsEvenIfTheFirstCloseFails() throws IOException {
        pipeReturns(true);
        WakePipe pipe = WakePipe.open(sys, PollAbi.LINUX);
        when(sys.close(READ_FD)).thenReturn(-1);
        when(sys.errno()).thenReturn(5);
        IOException e = assertThrows(IOException.class, pipe::close);
        assertTrue(e.getMessage().startsWith("close(wake pipe fd 5): EIO"), e.getMessage());
        InOrder order = inOrder(sys);
        order.verify(sys).close(READ_FD);
        order.verify(sys).close(WRITE_FD);
    }
}
