package io.quiesce.workflow.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.quiesce.testkit.Poll;
import io.quiesce.testkit.Started;
import io.quiesce.testkit.Stats;
import io.quiesce.workflow.instance.InstanceStatus;
import io.quiesce.workflow.instance.InstanceStore;
import io.quiesce.workflow.instance.StartCommand;
import io.quiesce.workflow.instance.StepRecord;
import io.quiesce.workflow.testing.Infra;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The instance events against real PostgreSQL: each fact once, in one gap-free order per instance, and the fan-out
 * (LISTEN/NOTIFY on a connection of its own, the feed's reads) delivering them to a watcher in order, through a lost
 * listener connection too.
 */
@ExtendWith(Infra.Extension.class)
class InstanceEventFeedIT {

    private static final Logger LOG = Logger.getLogger(InstanceEventFeedIT.class.getName());
    private static final Duration WITHIN = Duration.ofSeconds(20);

    private final DataSource db = Infra.get().newMigratedDatabase("events");
    private final InstanceStore store = new InstanceStore(db);
    private InstanceEventListener listener;

    @AfterEach
    void stop() throws InterruptedException {
        if (listener != null) {
            listener.stop(Duration.ofSeconds(2));
        }
    }

    /** What a stream does with what the feed hands it: keeps each event and when it arrived. */
    private static final class Watcher implements InstanceEventFeed.Subscriber {
        final List<InstanceEvent> received = Collections.synchronizedList(new ArrayList<>());
        final List<Instant> arrivals = Collections.synchronizedList(new ArrayList<>());
        final AtomicBoolean removed = new AtomicBoolean();

        @Override
        public void events(List<InstanceEvent> events) {
            Instant now = Instant.now();
            received.addAll(events);
            events.forEach(e -> arrivals.add(now));
        }

        @Override
        public void removed() {
            removed.set(true);
        }

        List<Integer> seqs() {
            synchronized (received) {
                return received.stream().map(InstanceEvent::seq).toList();
            }
        }
    }

    private String newInstance() {
        String id = UUID.randomUUID().toString();
        assertThat(store.insertIfAbsent(id, StartCommand.of("report", "{}"), "{}", "test"))
                .isTrue();
        return id;
    }

    private List<InstanceEvent> history(String id) throws SQLException {
        try (Connection c = db.getConnection()) {
            return InstanceEventStore.after(c, id, 0, 1000);
        }
    }

    private InstanceEventFeed listening() {
        listener = new InstanceEventListener(db, () -> true, Infra.log("test.events"));
        Started started = new Started();
        listener.start(started);
        Poll.untilTrue("the listener to listen", WITHIN, started::get);
        return listener.feed();
    }

    private static StepRecord step(int step, int attempt, String worker) {
        return new StepRecord(step, "step-" + step, attempt, worker, "test", Instant.now(), Instant.now());
    }

    @Test
    void eachFactIsRecordedOnceInOrderAndNothingFollowsTheFinalEvent() throws SQLException {
        String id = newInstance();
        store.recordStepStarted(id, 1, 1, "a");
        store.recordStepStarted(id, 1, 1, "a");
        store.recordStepStarted(id, 1, 2, "b");
        assertThat(store.recordStep(id, step(1, 2, "b"))).isTrue();
        assertThat(store.recordStep(id, step(1, 3, "c"))).isFalse();
        assertThat(store.finish(id, InstanceStatus.FAILED, null, "boom")).isTrue();
        store.recordStepStarted(id, 2, 1, "late");

        assertThat(history(id))
                .extracting(
                        InstanceEvent::seq,
                        e -> e.kind().wireName(),
                        InstanceEvent::step,
                        InstanceEvent::attempt,
                        InstanceEvent::worker,
                        InstanceEvent::status,
                        InstanceEvent::error)
                .containsExactly(
                        tuple(1, "created", null, null, null, null, null),
                        tuple(2, "step-started", 1, 1, "a", null, null),
                        tuple(3, "step-started", 1, 2, "b", null, null),
                        tuple(4, "step-completed", 1, 2, "b", null, null),
                        tuple(5, "finished", null, null, null, "FAILED", "boom"));
    }

    @Test
    void concurrentWritersOfOneInstanceGetOneGapFreeOrder() throws Exception {
        String id = newInstance();
        ExecutorService writers = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                int worker = w;
                done.add(writers.submit(() -> {
                    for (int attempt = 1; attempt <= 25; attempt++) {
                        store.recordStepStarted(id, worker + 1, attempt, "w" + worker);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            writers.shutdownNow();
        }

        List<InstanceEvent> events = history(id);
        assertThat(events).extracting(InstanceEvent::seq).containsExactlyElementsOf(range(1, 201));
        assertThat(events.stream().map(e -> e.step() + ":" + e.attempt()).distinct())
                .hasSize(201);
    }

    @Test
    void aWatcherGetsTheHistoryThenEveryEventAnotherServerRecordsInOrder() throws Exception {
        InstanceEventFeed feed = listening();
        String id = newInstance();
        store.recordStepStarted(id, 1, 1, "other-server");
        Watcher watcher = new Watcher();
        feed.subscribe(id, 0, watcher);
        Poll.untilTrue("the history", WITHIN, () -> watcher.seqs().size() == 2);

        // Another server's writes: another store on another connection.
        InstanceStore elsewhere = new InstanceStore(db);
        List<Instant> written = new ArrayList<>();
        for (int step = 1; step <= 20; step++) {
            if (step > 1) {
                elsewhere.recordStepStarted(id, step, 1, "other-server");
            }
            elsewhere.recordStep(id, step(step, 1, "other-server"));
            written.add(Instant.now());
        }
        elsewhere.finish(id, InstanceStatus.COMPLETED, null, null);
        Poll.untilTrue("every event", WITHIN, () -> watcher.seqs().size() == 42);

        assertThat(watcher.seqs()).containsExactlyElementsOf(range(1, 42));
        List<Double> latencies = new ArrayList<>();
        synchronized (watcher.received) {
            for (int i = 2; i < watcher.received.size(); i++) {
                latencies.add(Duration.between(watcher.received.get(i).at(), watcher.arrivals.get(i))
                                .toNanos()
                        / 1e6);
            }
        }
        LOG.info(() -> String.format(
                "event=it.events_fan_out events=%d commit_to_watcher_ms_p50=%.1f p99=%.1f max=%.1f",
                latencies.size(),
                Stats.percentile(latencies, 50),
                Stats.percentile(latencies, 99),
                Stats.max(latencies)));
    }

    @Test
    void aLostListenerConnectionReconnectsAndCatchesUpWithWhatWasMissed() throws Exception {
        InstanceEventFeed feed = listening();
        String id = newInstance();
        Watcher watcher = new Watcher();
        feed.subscribe(id, 0, watcher);
        Poll.untilTrue("the history", WITHIN, () -> watcher.seqs().size() == 1);

        try (Connection c = db.getConnection();
                Statement s = c.createStatement()) {
            s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN %'");
        }
        for (int step = 1; step <= 5; step++) {
            store.recordStep(id, step(step, 1, "a"));
        }
        Poll.untilTrue(
                "the events written while the listener was away",
                WITHIN,
                () -> watcher.seqs().size() == 6);

        assertThat(watcher.seqs()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(listener.reconnects()).isPositive();
        store.finish(id, InstanceStatus.COMPLETED, null, null);
        Poll.untilTrue(
                "live again after the reconnection",
                WITHIN,
                () -> watcher.seqs().size() == 7);
    }

    @Test
    void removingAnInstanceWhoseStartFailedTellsItsWatchers() {
        InstanceEventFeed feed = listening();
        String id = newInstance();
        Watcher watcher = new Watcher();
        feed.subscribe(id, 0, watcher);
        Poll.untilTrue("the history", WITHIN, () -> watcher.seqs().size() == 1);

        assertThat(store.delete(id)).isTrue();

        Poll.untilTrue("the watcher told of the removal", WITHIN, watcher.removed::get);
        assertThat(feed.watchedInstances()).isZero();
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> values = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            values.add(i);
        }
        return values;
    }
}
