package io.quiesce.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.quiesce.testkit.LibertyServer;
import io.quiesce.testkit.Poll;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two packaged servers in one Quartz cluster run the retention purge over old instances in small, throttled batches. The
 * server running it is stopped mid-run — SIGTERM (cooperative stop, checkpoint, resumption elsewhere) or SIGKILL (Quartz
 * recovers the job on the other server) — and the run must finish on the other server with every batch done once.
 */
class MaintenanceHandoverIT {

    private static final Logger LOG = Logger.getLogger(MaintenanceHandoverIT.class.getName());
    private static final int ROWS = 300;
    private static final int BATCH = 10;

    private final Fleet fleet = new Fleet();
    private final String prefix = "purge-it-" + UUID.randomUUID().toString().substring(0, 8) + "-";

    @AfterEach
    void cleanUp() throws InterruptedException {
        fleet.close();
        Database.update("delete from workflow_instance where id like ?", prefix + "%");
    }

    /** A purge run in progress: its id, the node running it and the other node (names are Quartz node ids). */
    private record MidRun(String runId, String node, LibertyServer server, String otherNode, LibertyServer other) {}

    /**
     * Two servers in a scheduler cluster of their own (a name no other test uses) with the purge every 30 s, 10 instances
     * per batch and 300 ms between batches, so that a run over 300 instances takes ~10 s; returns once it has done 3.
     */
    private MidRun purgeRunningOnOneOfTwoServers(String mode) throws IOException {
        String cluster = "purge-" + mode + "-" + prefix.substring(9, 17);
        Map<String, String> env = Map.of(
                "QUIESCE_SHUTDOWN_DELAY", "1s",
                "QUIESCE_JOBS_SCHEDULER_NAME", cluster,
                "QUIESCE_JOBS_PURGE_CRON", "0/30 * * * * ?",
                "QUIESCE_JOBS_PURGE_BATCH_SIZE", Integer.toString(BATCH),
                "QUIESCE_JOBS_PURGE_BATCH_PAUSE", "300ms");
        Map<String, LibertyServer> nodes = Map.of(
                cluster + "-a", fleet.start(cluster + "-a", env), cluster + "-b", fleet.start(cluster + "-b", env));
        nodes.values().forEach(Fleet::awaitReady);
        insertOldInstances();
        List<Object> run = runningRunAfter(3);
        String node = (String) run.get(1);
        String other =
                nodes.keySet().stream().filter(n -> !n.equals(node)).findFirst().orElseThrow();
        return new MidRun((String) run.get(0), node, nodes.get(node), other, nodes.get(other));
    }

    /** Old finished instances, each with a step record, that the purge must delete; finished a second apart. */
    private void insertOldInstances() {
        Database.update(
                "insert into workflow_instance (id, type, status, input, created_at, updated_at, finished_at) "
                        + "select ? || g, 'report', 'COMPLETED', '{}'::jsonb, now() - interval '90 days', now() - interval '90 days', "
                        + "now() - interval '90 days' + g * interval '1 second' from generate_series(1, ?) g",
                prefix,
                ROWS);
        Database.update(
                "insert into step_execution (instance_id, step, name, attempt, worker, started_at, completed_at) "
                        + "select id, 1, 'step-1', 1, 'it', created_at, created_at from workflow_instance where id like ?",
                prefix + "%");
    }

    /** The unfinished purge run once it has done {@code batches} batches, and the node that did the last one. */
    private static List<Object> runningRunAfter(int batches) {
        return Poll.require(
                "a purge run with " + batches + " batches done",
                Duration.ofSeconds(90),
                Duration.ofMillis(50),
                () -> Database.rows(
                                "select r.id, b.node from maintenance_run r join maintenance_batch b on b.run_id = r.id "
                                        + "where r.status = 'RUNNING' and b.batch = ?",
                                batches)
                        .stream()
                        .findFirst());
    }

    private static long dbNowMillis() {
        return ((Number) Database.rows("select (extract(epoch from clock_timestamp()) * 1000)::bigint")
                        .get(0)
                        .get(0))
                .longValue();
    }

    private static void awaitCompleted(String runId) {
        Poll.untilTrue(
                "purge run " + runId + " to complete",
                Duration.ofSeconds(120),
                () -> Database.count(
                                "select count(*) from maintenance_run where id = ? and status = 'COMPLETED'", runId)
                        == 1);
    }

    /** Every batch exactly once and in order, every old instance and step record gone. */
    private void assertEveryBatchDoneOnce(String runId) {
        long batches = Database.count("select count(*) from maintenance_batch where run_id = ?", runId);
        assertThat(Database.count("select max(batch) from maintenance_batch where run_id = ?", runId))
                .as("batch numbers are 1..n without gaps")
                .isEqualTo(batches);
        assertThat(Database.count(
                        "select coalesce(sum(rows_deleted), 0) from maintenance_batch where run_id = ?", runId))
                .as("rows deleted by the batches")
                .isGreaterThanOrEqualTo(ROWS);
        assertThat(Database.count("select rows_deleted from maintenance_run where id = ?", runId))
                .as("the run's total equals its batches'")
                .isEqualTo(Database.count(
                        "select coalesce(sum(rows_deleted), 0) from maintenance_batch where run_id = ?", runId));
        assertThat(Database.count("select count(*) from workflow_instance where id like ?", prefix + "%"))
                .isZero();
        assertThat(Database.count("select count(*) from step_execution where instance_id like ?", prefix + "%"))
                .isZero();
    }

    /** Milliseconds of the first batch {@code node} did after {@code since}, relative to it. */
    private static Optional<Long> firstBatchAfter(String runId, String node, long since) {
        List<List<Object>> rows = Database.rows(
                "select (extract(epoch from min(done_at)) * 1000)::bigint from maintenance_batch "
                        + "where run_id = ? and node = ? and (extract(epoch from done_at) * 1000)::bigint > ?",
                runId,
                node,
                since);
        Object first = rows.get(0).get(0);
        return first == null ? Optional.empty() : Optional.of(((Number) first).longValue() - since);
    }

    private static long lastBatchBy(String runId, String node) {
        return Database.count(
                "select coalesce(max(batch), 0) from maintenance_batch where run_id = ? and node = ?", runId, node);
    }

    private static long firstBatchBy(String runId, String node) {
        return Database.count(
                "select coalesce(min(batch), 0) from maintenance_batch where run_id = ? and node = ?", runId, node);
    }

    @Test
    void sigtermStopsThePurgeAtABatchBoundaryAndTheOtherServerResumesFromItsCheckpoint() throws Exception {
        MidRun run = purgeRunningOnOneOfTwoServers("term");
        String runId = run.runId();
        String stopped = run.node();
        String other = run.otherNode();

        long sigterm = dbNowMillis();
        run.server().sigterm();
        awaitCompleted(runId);
        Optional<Integer> exit = run.server().awaitExit(Duration.ofSeconds(60));

        long lastByStopped = Database.count(
                "select (extract(epoch from max(done_at)) * 1000)::bigint from maintenance_batch "
                        + "where run_id = ? and node = ?",
                runId,
                stopped);
        Optional<Long> handover = firstBatchAfter(runId, other, sigterm);
        String log = Files.readString(run.server().messagesLog());
        LOG.info(() -> String.format(
                "event=it.purge_handover mode=SIGTERM last_batch_after_sigterm_ms=%d "
                        + "first_batch_elsewhere_after_sigterm_ms=%s batches_stopped=%d batches_other=%d",
                lastByStopped - sigterm,
                handover.map(String::valueOf).orElse("none"),
                lastBatchBy(runId, stopped),
                lastBatchBy(runId, other) - lastBatchBy(runId, stopped)));
        assertThat(exit).as("exit code of the stopped server").contains(0);
        assertThat(log)
                .contains("event=jobs.purge_checkpointed")
                .containsPattern("event=shutdown.phase phase=jobs .*outcome=COMPLETED");
        assertThat(Files.readString(run.other().messagesLog())).contains("event=jobs.purge_resumed");
        assertThat(handover)
                .as("the other server resumed the run after the SIGTERM")
                .isPresent();
        assertThat(firstBatchBy(runId, other))
                .as("the other server continued where the stopped one checkpointed")
                .isEqualTo(lastBatchBy(runId, stopped) + 1);
        assertEveryBatchDoneOnce(runId);
    }

    @Test
    void sigkillMidRunIsRecoveredOnTheOtherServerExactlyOnce() throws Exception {
        MidRun run = purgeRunningOnOneOfTwoServers("kill");
        String runId = run.runId();
        String killed = run.node();
        String other = run.otherNode();

        long sigkill = dbNowMillis();
        run.server().sigkill();
        assertThat(run.server().awaitExit(Duration.ofSeconds(30))).isPresent();
        awaitCompleted(runId);

        Optional<Long> recovery = firstBatchAfter(runId, other, sigkill);
        String otherLog = Files.readString(run.other().messagesLog());
        long recoveries = otherLog.lines()
                .filter(l -> l.contains("event=jobs.purge_resumed") && l.contains("recovering=true"))
                .count();
        LOG.info(() -> String.format(
                "event=it.purge_handover mode=SIGKILL first_batch_elsewhere_after_sigkill_ms=%s "
                        + "recovered_fires=%d batches_killed=%d",
                recovery.map(String::valueOf).orElse("none"), recoveries, lastBatchBy(runId, killed)));
        assertThat(recovery)
                .as("the other server went on with the run after the SIGKILL")
                .isPresent();
        assertThat(recoveries)
                .as("fires of the killed run recovered by Quartz on the other server")
                .isLessThanOrEqualTo(1);
        assertThat(firstBatchBy(runId, other)).isEqualTo(lastBatchBy(runId, killed) + 1);
        assertEveryBatchDoneOnce(runId);
    }
}
