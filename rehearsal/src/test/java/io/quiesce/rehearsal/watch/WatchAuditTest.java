package io.quiesce.rehearsal.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WatchAuditTest {

    private static final long MS = 1_000_000;

    private static List<Watcher.Received> received(int... seqs) {
        List<Watcher.Received> events = new ArrayList<>();
        for (int seq : seqs) {
            events.add(new Watcher.Received(seq, "step-started", 0, -1));
        }
        return events;
    }

    /** A stream that opened at {@code answeredMs} and ended at {@code endedMs} with the hint {@code retry} in force. */
    private static Watcher.Attempt stream(long answeredMs, long endedMs, long retry) {
        return new Watcher.Attempt(answeredMs * MS - MS, answeredMs * MS, 200, endedMs * MS, "ended", retry, 0);
    }

    private static Watcher.Attempt refused(long atMs) {
        return new Watcher.Attempt(atMs * MS, 0, -1, atMs * MS, "connect: ConnectException", 1000, 1000);
    }

    @Test
    void aWatcherThatGotEveryEventOnceInOrderLostNothing() {
        WatchReport.Instance result = WatchAudit.compare(
                "i",
                Watcher.Outcome.FINISHED,
                null,
                received(1, 2, 3, 4),
                List.of(stream(0, 100, 1500), stream(1600, 2000, 1000)),
                List.of(1, 2, 3, 4));

        assertThat(result.missed()).isZero();
        assertThat(result.duplicated()).isZero();
        assertThat(result.outOfOrder()).isZero();
        assertThat(result.reconnects()).isEqualTo(1);
        assertThat(result.reconnectsLate()).isZero();
        assertThat(result.maxReconnectMillis()).isEqualTo(1500);
    }

    @Test
    void countsMissedDuplicatedAndOutOfOrderEventsSeparately() {
        WatchReport.Instance result = WatchAudit.compare(
                "i",
                Watcher.Outcome.FINISHED,
                null,
                received(1, 3, 2, 3, 5),
                List.of(stream(0, 1, 1000)),
                List.of(1, 2, 3, 4, 5));

        assertThat(result.missed()).as("4").isEqualTo(1);
        assertThat(result.duplicated()).as("the second 3").isEqualTo(1);
        assertThat(result.outOfOrder()).as("2 after 3").isEqualTo(1);
    }

    @Test
    void aReconnectionThatNeededSeveralAttemptsOrTookLongerThanItsHintIsLate() {
        List<Watcher.Attempt> attempts =
                List.of(stream(0, 1000, 1000), refused(2000), refused(3000), stream(4100, 5000, 1000));

        List<WatchAudit.Reconnect> reconnects = WatchAudit.reconnects(attempts);

        assertThat(reconnects).containsExactly(new WatchAudit.Reconnect(3100, 1000, 2));
        assertThat(WatchAudit.compare("i", Watcher.Outcome.ABANDONED, null, received(), attempts, List.of())
                        .reconnectsLate())
                .isEqualTo(1);
    }
}
