package dev.polling.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.Pipe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.polling.Event;
import dev.polling.PollMode;
import dev.polling.testing.Call;
import dev.polling.testing.MockPoller;
import dev.polling.testing.Readiness;

/** How a user tests an event loop ({@link DispatchLoop}) with the mock poller: a few lines each. */
@Timeout(30)
class DispatchLoopTest {
    private final Pipe pipe = Pipe.open();
    private final List<Long> handled = new ArrayList<>();

    DispatchLoopTest() throws IOException {
        pipe.source().configureBlocking(false);
    }

    @AfterEach
    void closePipe() throws IOException {
        pipe.source().close();
        pipe.sink().close();
    }

    @Test
    void shouldHandleAReadableSourceAndReArmIt() throws IOException {
        try (MockPoller mock = MockPoller.create()) {
            DispatchLoop loop = new DispatchLoop(mock.poller(), Duration.ofSeconds(30), handled::add);
            loop.register(pipe.source(), 7);

            mock.pulse(pipe.source(), Readiness.READABLE);
            loop.runOnce();

            assertEquals(List.of(7L), handled);
            assertEquals(List.of(
                    Call.add(pipe.source(), Event.readable(7), PollMode.ONESHOT),
                    Call.poll(Duration.ofSeconds(30), 1),
                    Call.modify(pipe.source(), Event.readable(7), PollMode.ONESHOT)), mock.calls());
        }
    }

    @Test
    void shouldCountAnIdleTurnWithoutWaitingForIt() throws IOException {
        try (MockPoller mock = MockPoller.builder().clock(MockPoller.Clock.AUTO_ADVANCE).create()) {
            DispatchLoop loop = new DispatchLoop(mock.poller(), Duration.ofSeconds(30), handled::add);

            loop.runOnce();

            assertEquals(1, loop.idleTurns());
            assertEquals(Duration.ofSeconds(30), mock.elapsed()); // virtual: the test took no 30 s
        }
    }

    @Test
    void shouldNotBeIdleBeforeTheWholeTimeoutHasPassed() throws Exception {
        try (MockPoller mock = MockPoller.create()) {
            DispatchLoop loop = new DispatchLoop(mock.poller(), Duration.ofSeconds(30), handled::add);
            FutureTask<Void> turn = new FutureTask<>(() -> {
                loop.runOnce();
                return null;
            });
            new Thread(turn, "event-loop").start();

            assertTrue(mock.awaitBlockedPoll(Duration.ofSeconds(10)));
            mock.advance(Duration.ofSeconds(29));
            assertTrue(mock.awaitBlockedPoll(Duration.ofSeconds(10)), "still waiting after 29 s");
            mock.advance(Duration.ofSeconds(1));

            turn.get(10, TimeUnit.SECONDS);
            assertEquals(1, loop.idleTurns());
        }
    }
}
