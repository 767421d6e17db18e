package io.quiesce.api.instances;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiesce.lifecycle.log.EventLog;
import io.quiesce.lifecycle.log.LogFormat;
import io.quiesce.workflow.events.InstanceEvent;
import io.quiesce.workflow.events.InstanceEventFeed;
import jakarta.json.spi.JsonProvider;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One stream's order of writes: history before live events, the kernel's end after the history, the final event last. */
class InstanceEventStreamTest {

    private static final Instant AT = Instant.parse("2026-12-07T10:00:00Z");

    /** A feed that never reads (the test hands the stream its events itself). */
    private final InstanceEventFeed feed = new InstanceEventFeed(
            () -> {
                throw new SQLException("the test delivers events itself");
            },
            EventLog.named("test", LogFormat.TEXT));

    private final FakeSse.Sink sink = new FakeSse.Sink();
    private final AtomicInteger closedCalls = new AtomicInteger();

    @AfterEach
    void stopFeed() throws InterruptedException {
        feed.stop(Duration.ofSeconds(1));
    }

    private InstanceEventStream stream(int after, int historyEnd, boolean finishedAtOpen) {
        return new InstanceEventStream(
                "i-1",
                after,
                historyEnd,
                finishedAtOpen,
                sink,
                new FakeSse(),
                JsonProvider.provider(),
                Runnable::run,
                closedCalls::incrementAndGet);
    }

    private static InstanceEvent event(int seq, InstanceEvent.Kind kind) {
        return switch (kind) {
            case CREATED -> new InstanceEvent("i-1", seq, kind, AT, null, null, null, null, null);
            case STEP_STARTED, STEP_COMPLETED -> new InstanceEvent("i-1", seq, kind, AT, 1, 2, "w@h", null, null);
            case FINISHED -> new InstanceEvent("i-1", seq, kind, AT, null, null, null, "COMPLETED", null);
        };
    }

    @Test
    void startsWithItsReconnectHintThenSendsEachEventWithItsIdNameAndData() {
        InstanceEventStream stream = stream(0, 1, false);
        stream.start(Duration.ofMillis(1500), feed);
        stream.events(List.of(event(1, InstanceEvent.Kind.CREATED), event(2, InstanceEvent.Kind.STEP_STARTED)));

        assertThat(sink.sent)
                .containsExactly(
                        ": events of instance i-1",
                        "retry=1500 id=1 event=created data={\"instanceId\":\"i-1\",\"seq\":1,\"type\":\"created\","
                                + "\"at\":\"2026-12-07T10:00:00Z\"}",
                        "id=2 event=step-started data={\"instanceId\":\"i-1\",\"seq\":2,\"type\":\"step-started\","
                                + "\"at\":\"2026-12-07T10:00:00Z\",\"step\":1,\"attempt\":2,\"worker\":\"w@h\"}");
        assertThat(sink.closed).isFalse();
    }

    @Test
    void theFinalEventEndsTheStream() {
        InstanceEventStream stream = stream(0, 1, false);
        stream.start(Duration.ofSeconds(1), feed);
        stream.events(List.of(event(1, InstanceEvent.Kind.CREATED), event(2, InstanceEvent.Kind.FINISHED)));

        assertThat(sink.sent).last().asString().contains("event=finished").contains("\"status\":\"COMPLETED\"");
        assertThat(sink.closed).isTrue();
        assertThat(closedCalls).hasValue(1);
    }

    @Test
    void theDrainEndsALiveStreamWithItsHintAndNothingFollows() {
        InstanceEventStream stream = stream(0, 1, false);
        stream.start(Duration.ofSeconds(1), feed);
        stream.events(List.of(event(1, InstanceEvent.Kind.CREATED)));

        stream.end(Duration.ofMillis(1300));
        stream.events(List.of(event(2, InstanceEvent.Kind.STEP_STARTED)));
        stream.heartbeat();

        assertThat(sink.sent)
                .hasSize(3)
                .last()
                .isEqualTo("retry=1300 event=reconnect data={\"reconnectAfterMillis\":1300}");
        assertThat(sink.closed).isTrue();
    }

    @Test
    void anEndBeforeTheHistoryIsOutWaitsForIt() {
        InstanceEventStream stream = stream(1, 3, false);
        stream.end(Duration.ofSeconds(2));
        stream.start(Duration.ofSeconds(1), feed);
        assertThat(sink.closed).as("closed before its history").isFalse();

        stream.events(List.of(event(2, InstanceEvent.Kind.STEP_STARTED), event(3, InstanceEvent.Kind.STEP_COMPLETED)));

        assertThat(sink.sent)
                .extracting(line -> line.substring(0, Math.min(line.length(), 9)))
                .containsExactly(": events ", "retry=100", "id=3 even", "retry=200");
        assertThat(sink.closed).isTrue();
    }

    @Test
    void aStreamWithNothingLeftToSendEndsAtOnceWhenTold() {
        InstanceEventStream stream = stream(4, 4, false);
        stream.end(Duration.ofSeconds(2));
        stream.start(Duration.ofSeconds(1), feed);

        assertThat(sink.sent)
                .containsExactly(
                        ": events of instance i-1", "retry=2000 event=reconnect data={\"reconnectAfterMillis\":2000}");
        assertThat(sink.closed).isTrue();
        assertThat(feed.watchedInstances()).as("never subscribed").isZero();
    }

    @Test
    void anInstanceFinishedWithoutAFinalEventEndsAfterItsHistory() {
        InstanceEventStream stream = stream(0, 2, true);
        stream.start(Duration.ofSeconds(1), feed);
        stream.events(List.of(event(1, InstanceEvent.Kind.CREATED), event(2, InstanceEvent.Kind.STEP_STARTED)));

        assertThat(sink.closed).isTrue();
    }

    @Test
    void aClientThatWentAwayIsNoticedAtTheHeartbeat() {
        InstanceEventStream stream = stream(0, 0, false);
        stream.start(Duration.ofSeconds(1), feed);
        stream.heartbeat();
        assertThat(sink.sent).last().isEqualTo(": heartbeat");

        sink.closed = true;
        stream.heartbeat();
        assertThat(stream.isClosed()).isTrue();
        assertThat(feed.watchedInstances()).isZero();
        assertThat(closedCalls).hasValue(1);
    }
}
