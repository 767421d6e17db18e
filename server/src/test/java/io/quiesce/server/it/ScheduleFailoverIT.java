package io.quiesce.server.it;

import io.quiesce.testkit.Http;
import io.quiesce.testkit.HttpResponse;
import io.quiesce.testkit.LibertyServer;
import io.quiesce.testkit.Poll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Schedules firing every 2 s on a cluster of two packaged servers: the fires spread over both servers, keep coming while
 * one of them drains, and a rolling restart of both servers (each replaced by a new one, as a Deployment does) leaves
 * exactly one instance per fire time — none missing, none started twice. A server killed while it holds triggers loses no
 * fire of a catch-up schedule: the other server fires them, late but each with its own time, once the dead one's triggers
 * are released.
 */
class ScheduleFailoverIT {

    private static final Logger LOG = Logger.getLogger(ScheduleFailoverIT.class.getName());
    /** A scheduler cluster of its own per test and run: schedules a failed run leaves behind never fire in a later one. */
    private final String cluster = "sched-" + UUID.randomUUID().toString().substring(0, 8);
    private static final int SCHEDULES = 3;
    private static final long PERIOD_MILLIS = 2000;
    private static final String FIRED = "event=jobs.schedule_fired";

    private final List<LibertyServer> servers = new ArrayList<>();

    @AfterEach
    void killLeftovers() throws InterruptedException {
        for (LibertyServer server : servers) {
            server.close();
        }
    }

    private LibertyServer start(String name) throws IOException {
        LibertyServer server = PackagedServer.start(name, Map.of("QUIESCE_SHUTDOWN_DELAY", "3s",
                "QUIESCE_JOBS_SCHEDULER_NAME", cluster));
        servers.add(server);
        return server;
    }

    private static LibertyServer awaitReady(LibertyServer server) {
        Http.awaitStatus(server.httpPort(), "/health/ready", 200, Duration.ofSeconds(180));
        return server;
    }

    private static long fires(LibertyServer server) {
        try {
            return Files.exists(server.messagesLog())
                    ? Files.readAllLines(server.messagesLog()).stream().filter(l -> l.contains(FIRED)).count() : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fires that found their instance already started: a fire that ran twice. */
    private static long doubledFires(List<LibertyServer> servers) throws IOException {
        long doubled = 0;
        for (LibertyServer server : servers) {
            doubled += Files.readAllLines(server.messagesLog()).stream()
                    .filter(l -> l.contains(FIRED) && l.contains("replayed=true")).count();
        }
        return doubled;
    }

    private static List<Long> fireTimes(String scheduleId) {
        return Database.rows("select (extract(epoch from scheduled_fire_time) * 1000)::bigint from workflow_instance "
                        + "where schedule_id = ? order by scheduled_fire_time", scheduleId).stream()
                .map(row -> ((Number) row.get(0)).longValue()).toList();
    }

    /** Fire times on the schedule's 2 s grid between the first and the last recorded one that have no instance. */
    private static long missing(List<Long> fireTimes) {
        TreeSet<Long> onGrid = new TreeSet<>(fireTimes.stream().filter(t -> t % PERIOD_MILLIS == 0).toList());
        if (onGrid.isEmpty()) {
            return 0;
        }
        return (onGrid.last() - onGrid.first()) / PERIOD_MILLIS + 1 - onGrid.size();
    }

    private static long instancesFiredBetween(String scheduleId, long fromMillis, long toMillis) {
        return fireTimes(scheduleId).stream().filter(t -> t >= fromMillis && t <= toMillis).count();
    }

    private void stopAndAwaitExit(LibertyServer server) throws InterruptedException {
        server.sigterm();
        assertThat(server.awaitExit(Duration.ofSeconds(60))).as("exit code of " + server.messagesLog()).contains(0);
    }

    /** Schedules firing every 2 s with the given misfire policy, created through {@code server}'s API. */
    private static List<String> createSchedules(LibertyServer server, String misfirePolicy) {
        Api api = new Api(server.httpPort(), "/");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < SCHEDULES; i++) {
            HttpResponse created = api.post("api/schedules", Tokens.operator(), "{\"type\":\"report\",\"cron\":\"0/2 * * * * ?\","
                    + "\"timeZone\":\"UTC\",\"misfirePolicy\":\"" + misfirePolicy + "\",\"input\":{\"steps\":1,\"stepMillis\":0}}");
            assertThat(created.status()).as(created.bodyText()).isEqualTo(201);
            ids.add(Api.json(created).getString("id"));
        }
        return ids;
    }

    private static void deleteSchedules(LibertyServer server, List<String> ids) {
        Api api = new Api(server.httpPort(), "/");
        for (String id : ids) {
            assertThat(api.send("DELETE", "api/schedules/" + id, Tokens.operator(), Map.of(), null, null).status()).isEqualTo(204);
            assertThat(api.get("api/schedules/" + id, Tokens.viewer()).status()).isEqualTo(404);
        }
    }

    @Test
    void everyFireStartsOneInstanceThroughARollingRestartOfBothServers() throws Exception {
        LibertyServer a = start(cluster + "-a");
        LibertyServer b = start(cluster + "-b");
        awaitReady(a);
        awaitReady(b);
        List<String> schedules = createSchedules(a, "fire-once");
        Poll.untilTrue("both servers to fire schedules", Duration.ofSeconds(60), () -> fires(a) > 0 && fires(b) > 0);
        long firesBeforeA = fires(a);
        long firesBeforeB = fires(b);

        long drainStart = System.currentTimeMillis();
        a.sigterm();
        assertThat(a.awaitExit(Duration.ofSeconds(60))).as("exit code of a").contains(0);
        long drainEnd = System.currentTimeMillis();
        LibertyServer a2 = awaitReady(start(cluster + "-a2"));
        stopAndAwaitExit(b);
        LibertyServer b2 = awaitReady(start(cluster + "-b2"));
        long restarted = System.currentTimeMillis();
        Poll.untilTrue("fires after the rolling restart", Duration.ofSeconds(60),
                () -> fireTimes(schedules.get(0)).stream().filter(t -> t > restarted).count() >= 3);

        deleteSchedules(b2, schedules);
        long missing = 0;
        long offGrid = 0;
        long instances = 0;
        long duringDrain = 0;
        for (String id : schedules) {
            List<Long> times = fireTimes(id);
            missing += missing(times);
            offGrid += times.stream().filter(t -> t % PERIOD_MILLIS != 0).count();
            instances += times.size();
            duringDrain += instancesFiredBetween(id, drainStart, drainEnd);
        }
        long doubled = doubledFires(List.of(a, b, a2, b2));
        long expectedDuringDrain = SCHEDULES * ((drainEnd - drainStart) / PERIOD_MILLIS - 1);
        long instancesTotal = instances;
        long drained = duringDrain;
        long missed = missing;
        long late = offGrid;
        LOG.info(() -> String.format("event=it.schedule_rolling_restart schedules=%d instances=%d missing=%d doubled=%d "
                        + "late_fires=%d fires_a_before=%d fires_b_before=%d drain_ms=%d fires_during_drain=%d",
                SCHEDULES, instancesTotal, missed, doubled, late, firesBeforeA, firesBeforeB, drainEnd - drainStart, drained));
        assertThat(missing).as("fire times without an instance").isZero();
        assertThat(doubled).as("fires that ran twice").isZero();
        assertThat(offGrid).as("fires later than the misfire threshold (fired once, off their time)").isZero();
        assertThat(duringDrain).as("instances fired while server a drained").isGreaterThanOrEqualTo(expectedDuringDrain);
    }

    @Test
    void aServerKilledWhileHoldingTriggersLosesNoCatchUpFire() throws Exception {
        LibertyServer a = start(cluster + "-a");
        LibertyServer b = start(cluster + "-b");
        awaitReady(a);
        awaitReady(b);
        List<String> schedules = createSchedules(a, "catch-up");
        Poll.untilTrue("both servers to fire schedules", Duration.ofSeconds(60), () -> fires(a) > 0 && fires(b) > 0);

        long sigkill = System.currentTimeMillis();
        a.sigkill();
        assertThat(a.awaitExit(Duration.ofSeconds(30))).isPresent();
        // Well past the ~8-9 s after which the cluster declares a dead and releases the triggers it held.
        Poll.untilTrue("fires 20 s after the kill", Duration.ofSeconds(90),
                () -> schedules.stream().allMatch(id -> fireTimes(id).stream().anyMatch(t -> t > sigkill + 20_000)));
        deleteSchedules(b, schedules);

        long missing = 0;
        long offGrid = 0;
        long instances = 0;
        for (String id : schedules) {
            List<Long> times = fireTimes(id);
            missing += missing(times);
            offGrid += times.stream().filter(t -> t % PERIOD_MILLIS != 0).count();
            instances += times.size();
        }
        long maxDelay = Database.count("select coalesce(max((extract(epoch from created_at - scheduled_fire_time) * 1000)::bigint), 0) "
                + "from workflow_instance where schedule_id = any (?)", (Object) schedules.toArray(String[]::new));
        long recoveredAfterStart = Files.readAllLines(b.messagesLog()).stream()
                .filter(l -> l.contains(FIRED) && l.contains("replayed=true")).count();
        long total = instances;
        long missed = missing;
        long late = offGrid;
        LOG.info(() -> String.format("event=it.schedule_sigkill schedules=%d instances=%d missing=%d off_grid=%d "
                + "max_fire_delay_ms=%d fires_recovered_after_their_start=%d", SCHEDULES, total, missed, late, maxDelay,
                recoveredAfterStart));
        assertThat(missing).as("fire times without an instance").isZero();
        assertThat(offGrid).as("catch-up fires keep their own fire time").isZero();
    }
}
