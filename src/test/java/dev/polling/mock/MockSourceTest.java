package dev.polling.mock;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import dev.polling.PollMode;
import dev.polling.spi.Interest;

class MockSourceTest {
    private final MockSource source = new MockSource(3);

    @Test
    void shouldReportNothingUnregistered() {
        source.fire(MockSource.READ, true);
        assertEquals(0, source.reportable());
    }

    @Test
    void shouldDisarmOneshotOnDeliveryAndReArmOnRegister() {
        source.register(1, Interest.READABLE, PollMode.ONESHOT);
        source.fire(MockSource.READ, true);
        assertEquals(Interest.READABLE, source.reportable());

        source.delivered(Interest.READABLE);
        assertEquals(0, source.reportable());

        source.register(1, Interest.READABLE, PollMode.ONESHOT);
        assertEquals(Interest.READABLE, source.reportable());
    }

    @Test
    void shouldKeepReportingLevelUntilCleared() {
        source.register(1, Interest.BOTH, PollMode.LEVEL);
        source.fire(MockSource.WRITE, true);
        source.delivered(source.reportable());
        assertEquals(Interest.WRITABLE, source.reportable());

        source.clear(MockSource.WRITE);
        assertEquals(0, source.reportable());
    }

    @Test
    void shouldReportEdgeOncePerFire() {
        source.register(1, Interest.READABLE, PollMode.EDGE);
        source.fire(MockSource.READ, true);
        source.delivered(source.reportable());
        assertEquals(0, source.reportable());

        source.fire(MockSource.READ, true);
        assertEquals(Interest.READABLE, source.reportable());
    }

    @Test
    void shouldNeedBothAnArmAndAnEdgeInEdgeOneshot() {
        source.register(1, Interest.READABLE, PollMode.EDGE_ONESHOT);
        source.fire(MockSource.READ, true);
        source.delivered(source.reportable());
        source.fire(MockSource.READ, true);
        assertEquals(0, source.reportable(), "an edge but no arm");

        source.register(1, Interest.READABLE, PollMode.EDGE_ONESHOT);
        assertEquals(Interest.READABLE, source.reportable(), "re-registering a ready source is an edge");
    }

    @Test
    void shouldConsumeOnlyThePulseTheEventReported() {
        source.register(1, Interest.READABLE, PollMode.LEVEL);
        source.fire(MockSource.READ | MockSource.WRITE, false);
        source.delivered(source.reportable());
        assertEquals(0, source.reportable());

        source.register(1, Interest.WRITABLE, PollMode.LEVEL);
        assertEquals(Interest.WRITABLE, source.reportable(), "the writable pulse was not reported, so not consumed");
    }

    @Test
    void shouldForgetTheEdgeWhenClearedCompletely() {
        source.register(1, Interest.READABLE, PollMode.EDGE);
        source.fire(MockSource.READ, true);
        source.clear(MockSource.ALL);
        source.fire(MockSource.WRITE, true);
        assertEquals(0, source.reportable(), "writable is not of interest");
    }

    @Test
    void shouldMapHangUpAndErrorToBothDirections() {
        assertEquals(Interest.BOTH, MockSource.directions(MockSource.HANG_UP));
        assertEquals(Interest.BOTH, MockSource.directions(MockSource.ERROR));
        assertEquals(Interest.READABLE, MockSource.directions(MockSource.READ));
        assertEquals(0, MockSource.directions(0));
    }

    @Test
    void shouldReportNothingWithInterestNone() {
        source.register(1, Interest.NONE, PollMode.LEVEL);
        source.fire(MockSource.ALL, true);
        assertEquals(0, source.reportable());
    }

    @Test
    void shouldReportNothingAfterDeregister() {
        source.register(1, Interest.READABLE, PollMode.LEVEL);
        source.fire(MockSource.READ, true);
        source.deregister();
        assertEquals(0, source.reportable());
    }
}
