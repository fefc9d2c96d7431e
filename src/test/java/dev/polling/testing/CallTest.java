package dev.polling.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.polling.Event;
import dev.polling.PollMode;

class CallTest {
    @Test
    void shouldCompareByValue() {
        assertEquals(Call.add(3, Event.readable(1), PollMode.ONESHOT), Call.add(3, Event.readable(1), PollMode.ONESHOT));
        assertNotEquals(Call.add(3, Event.readable(1), PollMode.ONESHOT), Call.modify(3, Event.readable(1), PollMode.ONESHOT));
        assertNotEquals(Call.poll(Duration.ofMillis(1), 0), Call.poll(null, 0));
    }

    @Test
    void shouldLeaveUnusedFieldsEmpty() {
        Call poll = Call.poll(Duration.ZERO, 2);
        assertEquals(Call.Kind.POLL, poll.kind());
        assertNull(poll.source());
        assertNull(poll.interest());
        assertEquals(2, poll.events());
        assertEquals(Integer.valueOf(4), Call.delete(4).source());
    }

    @Test
    void shouldRequireAKind() {
        assertThrows(NullPointerException.class, () -> new Call(null, null, null, null, null, 0));
    }
}
