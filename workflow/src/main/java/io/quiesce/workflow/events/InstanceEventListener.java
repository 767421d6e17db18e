package io.quiesce.workflow.events;

import io.quiesce.database.DatabaseMigration;
import io.quiesce.database.DatabaseSchema;
import io.quiesce.lifecycle.log.EventLog;
import io.quiesce.lifecycle.spi.LifecycleParticipant;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * One {@code LISTEN} per server on a connection of its own, so that events recorded on any server reach this server's
 * watchers within milliseconds; reconnects with backoff and, once listening again, has the feed re-read every watched
 * instance, since notifications sent meanwhile are lost (the table is the truth, a notification only a wake-up).
 * {@code started} waits for the first {@code LISTEN}.
 */
@ApplicationScoped
public class InstanceEventListener implements LifecycleParticipant {

    public static final String NAME = "events";
    /** Stopping only ends the listener's poll and the feed's thread. */
    static final Duration BUDGET = Duration.ofSeconds(1);
    /** How long one wait for notifications blocks: the longest a stop waits for the listener's thread. */
    static final Duration POLL = Duration.ofMillis(500);
    /** After this long without a notification a query checks the connection, which a silent network can leave dead. */
    static final Duration QUIET_CHECK = Duration.ofSeconds(15);

    static final Duration BACKOFF_MIN = Duration.ofMillis(500);
    static final Duration BACKOFF_MAX = Duration.ofSeconds(10);

    private final DataSource dataSource;
    private final DatabaseSchema schema;
    private final EventLog log;
    private final InstanceEventFeed feed;
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicBoolean announced = new AtomicBoolean();
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong notifications = new AtomicLong();
    private volatile Thread thread;
    private volatile long backoff = BACKOFF_MIN.toMillis();

    @Inject
    public InstanceEventListener(@EventsDataSource DataSource dataSource, DatabaseSchema schema, EventLog log) {
        this.dataSource = dataSource;
        this.schema = schema;
        this.log = log;
        this.feed = new InstanceEventFeed(dataSource::getConnection, log);
    }

    /** For the CDI proxy. */
    protected InstanceEventListener() {
        dataSource = null;
        schema = null;
        log = null;
        feed = null;
    }

    /** Where this server's watchers subscribe. */
    @Produces
    @Dependent
    InstanceEventFeed feed() {
        return feed;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> dependsOn() {
        return Set.of(DatabaseMigration.NAME);
    }

    @Override
    public Duration budget() {
        return BUDGET;
    }

    @Override
    public synchronized void start(Runnable started) {
        if (thread != null || stopped()) {
            return;
        }
        Thread t = new Thread(() -> listen(started), "quiesce-events-listener");
        t.setDaemon(true);
        t.setContextClassLoader(Thread.currentThread().getContextClassLoader());
        thread = t;
        t.start();
    }

    @Override
    public Map<String, Long> stop(Duration timeLeft) throws InterruptedException {
        long began = System.nanoTime();
        boolean listenerEnded = stopListening(timeLeft.dividedBy(2));
        boolean feedEnded = feed.stop(timeLeft.minus(Duration.ofNanos(System.nanoTime() - began)));
        return Map.of(
                "watched_instances",
                (long) feed.watchedInstances(),
                "reconnects",
                reconnects.get(),
                "notifications",
                notifications.get(),
                "abandoned",
                (listenerEnded ? 0L : 1L) + (feedEnded ? 0L : 1L));
    }

    /** A redeploy (liberty:dev, Arquillian) must not leave a listener of the old application behind. */
    @PreDestroy
    void close() {
        if (stopped()) {
            return;
        }
        try {
            stop(Duration.ofMillis(POLL.toMillis() * 2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public long reconnects() {
        return reconnects.get();
    }

    private boolean stopListening(Duration wait) throws InterruptedException {
        stopSignal.countDown();
        return thread == null || finished.await(Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS);
    }

    private void listen(Runnable started) {
        try {
            while (!stopped()) {
                if (!schema.isCurrent()) {
                    pause(BACKOFF_MIN.toMillis());
                    continue;
                }
                try (Connection c = dataSource.getConnection()) {
                    try {
                        listenOn(c, started);
                        return;
                    } catch (SQLException | RuntimeException e) {
                        abort(c);
                        throw e;
                    }
                } catch (SQLException | RuntimeException e) {
                    if (stopped()) {
                        return;
                    }
                    reconnects.incrementAndGet();
                    log.warn(
                            "events.listener_lost",
                            EventLog.fields(
                                    "error",
                                    EventLog.describe(e),
                                    "retry_in_ms",
                                    backoff,
                                    "watched_instances",
                                    feed.watchedInstances()));
                    pause(backoff);
                    backoff = Math.min(backoff * 2, BACKOFF_MAX.toMillis());
                }
            }
        } finally {
            finished.countDown();
        }
    }

    /** Returns only when the participant stops. */
    private void listenOn(Connection c, Runnable started) throws SQLException {
        PGConnection pg = c.unwrap(PGConnection.class);
        try (Statement s = c.createStatement()) {
            s.execute("LISTEN " + InstanceEventStore.CHANNEL);
        }
        backoff = BACKOFF_MIN.toMillis();
        log.info(
                "events.listening",
                EventLog.fields(
                        "channel",
                        InstanceEventStore.CHANNEL,
                        "reconnects",
                        reconnects.get(),
                        "watched_instances",
                        feed.watchedInstances()));
        // A listener that is already stopping never reports started (the kernel would count it as ready).
        if (!stopped() && announced.compareAndSet(false, true)) {
            started.run();
        }
        feed.changedAll();
        long quietSince = System.nanoTime();
        while (!stopped()) {
            PGNotification[] received = pg.getNotifications((int) POLL.toMillis());
            if (received != null && received.length > 0) {
                notifications.addAndGet(received.length);
                for (PGNotification notification : received) {
                    dispatch(notification.getParameter());
                }
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince > QUIET_CHECK.toNanos()) {
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT 1");
                }
                quietSince = System.nanoTime();
            }
        }
        try (Statement s = c.createStatement()) {
            s.execute("UNLISTEN *");
        }
    }

    private void dispatch(String payload) {
        int space = payload.lastIndexOf(' ');
        if (space <= 0) {
            return;
        }
        String instanceId = payload.substring(0, space);
        if (payload.substring(space + 1).equals(InstanceEventStore.REMOVED)) {
            feed.removed(instanceId);
        } else {
            feed.changed(instanceId);
        }
    }

    /** A broken connection must not go back to the pool as a good one: the failure happened below Liberty's wrapper. */
    private static void abort(Connection c) {
        try {
            c.abort(Runnable::run);
        } catch (SQLException | RuntimeException ignored) {
            // it is being discarded either way
        }
    }

    private boolean stopped() {
        return stopSignal.getCount() == 0;
    }

    private void pause(long millis) {
        try {
            stopSignal.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
