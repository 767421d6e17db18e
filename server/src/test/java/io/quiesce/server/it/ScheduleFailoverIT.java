package io.quiesce.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiesce.testkit.HttpResponse;
import io.quiesce.testkit.LibertyServer;
import io.quiesce.testkit.Poll;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Schedules firing every 2 s on a cluster of two packaged servers: the fires spread over both servers, keep coming while
 * one of them drains, and a rolling restart of both servers (each replaced by a new one, as a Deployment does) leaves
 * exactly one instance per fire time — none missing, none started twice. A server killed while it holds triggers loses no
 * fire of a catch-up schedule: the other server fires them, late but each with its own time, once the dead one's triggers
 * are released.
 */
class ScheduleFailoverIT {

    private static final Logger LOG = Logger.getLogger(ScheduleFailoverIT.class.getName());
    private static final int SCHEDULES = 3;
    private static final long PERIOD_MILLIS = 2000;
    private static final String FIRED = "event=jobs.schedule_fired";

    /** A scheduler cluster of its own per test and run: schedules a failed run leaves behind never fire in a later one. */
    private final String cluster = "sched-" + UUID.randomUUID().toString().substring(0, 8);

    private final Fleet fleet = new Fleet();

    @AfterEach
    void killLeftovers() throws InterruptedException {
        fleet.close();
    }

    private LibertyServer start(String name) throws IOException {
        return fleet.start(
                cluster + "-" + name, Map.of("QUIESCE_SHUTDOWN_DELAY", "3s", "QUIESCE_JOBS_SCHEDULER_NAME", cluster));
    }

    /** Two ready servers, {@code a} and {@code b}, both of which have fired {@code schedules} at least once. */
    private record Firing(LibertyServer a, LibertyServer b, List<String> schedules) {}

    private Firing twoServersFiring(String misfirePolicy) throws IOException {
        LibertyServer a = start("a");
        LibertyServer b = start("b");
        Fleet.awaitReady(a);
        Fleet.awaitReady(b);
        List<String> schedules = createSchedules(a, misfirePolicy);
        Poll.untilTrue("both servers to fire schedules", Duration.ofSeconds(60), () -> fires(a) > 0 && fires(b) > 0);
        return new Firing(a, b, schedules);
    }

    private static long fires(LibertyServer server) {
        try {
            return Files.exists(server.messagesLog())
                    ? Files.readAllLines(server.messagesLog()).stream()
                            .filter(l -> l.contains(FIRED))
                            .count()
                    : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fires that found their instance already started: a fire that ran twice (or was recovered after it started it). */
    private static long replayedFires(List<LibertyServer> servers) throws IOException {
        long replayed = 0;
        for (LibertyServer server : servers) {
            replayed += Files.readAllLines(server.messagesLog()).stream()
                    .filter(l -> l.contains(FIRED) && l.contains("replayed=true"))
                    .count();
        }
        return replayed;
    }

    private static List<Long> fireTimes(String scheduleId) {
        return Database.rows(
                        "select (extract(epoch from scheduled_fire_time) * 1000)::bigint from workflow_instance "
                                + "where schedule_id = ? order by scheduled_fire_time",
                        scheduleId)
                .stream()
                .map(row -> ((Number) row.get(0)).longValue())
                .toList();
    }

    /** What the schedules' instances say, summed over the schedules. */
    private record Tally(long instances, long missing, long offGrid) {

        /**
         * {@code missing}: fire times on the 2 s grid between the first and the last recorded one without an instance;
         * {@code offGrid}: instances whose fire time is not on the grid (fired once after a misfire, at the time they ran).
         */
        static Tally of(List<String> schedules) {
            long instances = 0;
            long missing = 0;
            long offGrid = 0;
            for (String id : schedules) {
                List<Long> times = fireTimes(id);
                TreeSet<Long> onGrid = new TreeSet<>(
                        times.stream().filter(t -> t % PERIOD_MILLIS == 0).toList());
                instances += times.size();
                offGrid += times.size() - onGrid.size();
                missing += onGrid.isEmpty() ? 0 : (onGrid.last() - onGrid.first()) / PERIOD_MILLIS + 1 - onGrid.size();
            }
            return new Tally(instances, missing, offGrid);
        }
    }

    private static long instancesFiredBetween(List<String> schedules, long fromMillis, long toMillis) {
        return schedules.stream()
                .mapToLong(id -> fireTimes(id).stream()
                        .filter(t -> t >= fromMillis && t <= toMillis)
                        .count())
                .sum();
    }

    private static void stopAndAwaitExit(LibertyServer server) throws InterruptedException {
        server.sigterm();
        assertThat(server.awaitExit(Duration.ofSeconds(60)))
                .as("exit code of " + server.messagesLog())
                .contains(0);
    }

    /** Schedules firing every 2 s with the given misfire policy, created through {@code server}'s API. */
    private static List<String> createSchedules(LibertyServer server, String misfirePolicy) {
        Api api = new Api(server.httpPort(), "/");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < SCHEDULES; i++) {
            HttpResponse created = api.post(
                    "api/schedules",
                    Tokens.operator(),
                    "{\"type\":\"report\",\"cron\":\"0/2 * * * * ?\"," + "\"timeZone\":\"UTC\",\"misfirePolicy\":\""
                            + misfirePolicy + "\",\"input\":{\"steps\":1,\"stepMillis\":0}}");
            assertThat(created.status()).as(created.bodyText()).isEqualTo(201);
            ids.add(Api.json(created).getString("id"));
        }
        return ids;
    }

    private static void deleteSchedules(LibertyServer server, List<String> ids) {
        Api api = new Api(server.httpPort(), "/");
        for (String id : ids) {
            assertThat(api.send("DELETE", "api/schedules/" + id, Tokens.operator(), Map.of(), null, null)
                            .status())
                    .isEqualTo(204);
            assertThat(api.get("api/schedules/" + id, Tokens.viewer()).status()).isEqualTo(404);
        }
    }

    @Test
    void everyFireStartsOneInstanceThroughARollingRestartOfBothServers() throws Exception {
        Firing firing = twoServersFiring("fire-once");
        LibertyServer a = firing.a();
        LibertyServer b = firing.b();
        List<String> schedules = firing.schedules();
        long firesBeforeA = fires(a);
        long firesBeforeB = fires(b);

        long drainStart = System.currentTimeMillis();
        stopAndAwaitExit(a);
        long drainEnd = System.currentTimeMillis();
        LibertyServer a2 = Fleet.awaitReady(start("a2"));
        stopAndAwaitExit(b);
        LibertyServer b2 = Fleet.awaitReady(start("b2"));
        long restarted = System.currentTimeMillis();
        Poll.untilTrue(
                "fires after the rolling restart",
                Duration.ofSeconds(60),
                () -> fireTimes(schedules.get(0)).stream()
                                .filter(t -> t > restarted)
                                .count()
                        >= 3);
        deleteSchedules(b2, schedules);

        Tally tally = Tally.of(schedules);
        long duringDrain = instancesFiredBetween(schedules, drainStart, drainEnd);
        long doubled = replayedFires(List.of(a, b, a2, b2));
        long expectedDuringDrain = SCHEDULES * ((drainEnd - drainStart) / PERIOD_MILLIS - 1);
        LOG.info(() -> String.format(
                "event=it.schedule_rolling_restart schedules=%d instances=%d missing=%d doubled=%d "
                        + "late_fires=%d fires_a_before=%d fires_b_before=%d drain_ms=%d fires_during_drain=%d",
                SCHEDULES,
                tally.instances(),
                tally.missing(),
                doubled,
                tally.offGrid(),
                firesBeforeA,
                firesBeforeB,
                drainEnd - drainStart,
                duringDrain));
        assertThat(tally.missing()).as("fire times without an instance").isZero();
        assertThat(doubled).as("fires that ran twice").isZero();
        assertThat(tally.offGrid())
                .as("fires later than the misfire threshold (fired once, off their time)")
                .isZero();
        assertThat(duringDrain)
                .as("instances fired while server a drained")
                .isGreaterThanOrEqualTo(expectedDuringDrain);
    }

    @Test
    void aServerKilledWhileHoldingTriggersLosesNoCatchUpFire() throws Exception {
        Firing firing = twoServersFiring("catch-up");
        List<String> schedules = firing.schedules();

        long sigkill = System.currentTimeMillis();
        firing.a().sigkill();
        assertThat(firing.a().awaitExit(Duration.ofSeconds(30))).isPresent();
        // Well past the ~8-9 s after which the cluster declares a dead and releases the triggers it held.
        Poll.untilTrue(
                "fires 20 s after the kill",
                Duration.ofSeconds(90),
                () -> schedules.stream().allMatch(id -> fireTimes(id).stream().anyMatch(t -> t > sigkill + 20_000)));
        deleteSchedules(firing.b(), schedules);

        Tally tally = Tally.of(schedules);
        long maxDelay = Database.count(
                "select coalesce(max((extract(epoch from created_at - scheduled_fire_time) * 1000)::bigint), 0) "
                        + "from workflow_instance where schedule_id = any (?)",
                (Object) schedules.toArray(String[]::new));
        long recoveredAfterStart = replayedFires(List.of(firing.b()));
        LOG.info(() -> String.format(
                "event=it.schedule_sigkill schedules=%d instances=%d missing=%d off_grid=%d "
                        + "max_fire_delay_ms=%d fires_recovered_after_their_start=%d",
                SCHEDULES, tally.instances(), tally.missing(), tally.offGrid(), maxDelay, recoveredAfterStart));
        assertThat(tally.missing()).as("fire times without an instance").isZero();
        assertThat(tally.offGrid())
                .as("catch-up fires keep their own fire time")
                .isZero();
    }
}
