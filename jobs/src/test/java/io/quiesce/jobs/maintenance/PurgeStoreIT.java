package io.quiesce.jobs.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quiesce.database.testing.TestDatabases;
import io.quiesce.workflow.instance.InstanceRetention;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The purge's SQL on a real PostgreSQL: what it deletes, what it keeps, and that a batch can never be done twice. */
class PurgeStoreIT {

    private static final DataSource dataSource = TestDatabases.newMigratedDatabase("purge_store");
    private final PurgeStore store = new PurgeStore(dataSource, new InstanceRetention(dataSource));

    /** 25 instances finished 40 days ago (each with a step), 3 finished an hour ago, 2 old ones still running. */
    @BeforeEach
    void instances() throws SQLException {
        execute("delete from maintenance_run");
        execute("delete from workflow_instance");
        execute("insert into workflow_instance (id, type, status, input, created_at, updated_at, finished_at) "
                + "select 'old-' || g, 'report', 'COMPLETED', '{}', now() - interval '41 days', now(), "
                + "now() - interval '40 days' + g * interval '1 second' from generate_series(1, 25) g");
        execute("insert into workflow_instance (id, type, status, input, created_at, updated_at, finished_at) "
                + "select 'new-' || g, 'report', 'FAILED', '{}', now() - interval '2 hours', now(), now() - interval '1 hour' "
                + "from generate_series(1, 3) g");
        execute(
                "insert into workflow_instance (id, type, status, input, created_at, updated_at) "
                        + "select 'running-' || g, 'report', 'RUNNING', '{}', now() - interval '50 days', now() from generate_series(1, 2) g");
        execute("insert into step_execution (instance_id, step, name, attempt, worker, started_at, completed_at) "
                + "select id, 1, 'step-1', 1, 'it', created_at, created_at from workflow_instance");
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement(sql);
                ResultSet rows = q.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    @Test
    void deletesOnlyFinishedInstancesOlderThanTheCutoffBatchByBatchWithTheirSteps() throws SQLException {
        Instant cutoff = Instant.now().minus(Duration.ofDays(30));
        assertThat(store.anythingOlderThan(cutoff)).isTrue();
        PurgeStore.Run run = store.begin(RetentionPurgeJob.NAME, cutoff);
        PurgeStore.Checkpoint checkpoint = store.checkpoint(run.id());
        int batches = 0;
        for (Optional<PurgeStore.Checkpoint> next = store.purgeBatch(run, checkpoint, 10, "node-a");
                next.isPresent();
                next = store.purgeBatch(run, checkpoint, 10, "node-a")) {
            checkpoint = next.get();
            batches++;
        }
        store.complete(run);

        assertThat(batches).isEqualTo(3);
        assertThat(count("select count(*) from workflow_instance where id like 'old-%'"))
                .isZero();
        assertThat(count("select count(*) from step_execution where instance_id like 'old-%'"))
                .isZero();
        assertThat(count("select count(*) from workflow_instance where id like 'new-%' or id like 'running-%'"))
                .isEqualTo(5);
        assertThat(count("select count(*) from step_execution")).isEqualTo(5);
        assertThat(
                        count(
                                "select count(*) from maintenance_batch where (batch, rows_deleted) in ((1, 10), (2, 10), (3, 5))"))
                .as("batches 1..3 with 10, 10 and 5 instances")
                .isEqualTo(3);
        assertThat(count("select count(*) from maintenance_batch")).isEqualTo(3);
        assertThat(count("select rows_deleted from maintenance_run where status = 'COMPLETED'"))
                .isEqualTo(25);
        assertThat(store.unfinished(RetentionPurgeJob.NAME)).isEmpty();
        assertThat(store.anythingOlderThan(cutoff)).isFalse();
    }

    @Test
    void aRunnerWithAStaleCheckpointCannotDoABatchAgainAndDeletesNothing() throws SQLException {
        PurgeStore.Run run = store.begin(RetentionPurgeJob.NAME, Instant.now().minus(Duration.ofDays(30)));
        PurgeStore.Checkpoint start = store.checkpoint(run.id());
        assertThat(store.purgeBatch(run, start, 10, "node-a")).isPresent();

        assertThatThrownBy(() -> store.purgeBatch(run, start, 10, "node-b"))
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("maintenance_batch_pkey");

        assertThat(count("select count(*) from workflow_instance where id like 'old-%'"))
                .as("rolled back")
                .isEqualTo(15);
        assertThat(count("select count(*) from maintenance_batch where node = 'node-b'"))
                .isZero();
        assertThat(store.checkpoint(run.id()).batch()).isEqualTo(1);
    }

    @Test
    void aSecondFireResumesTheUnfinishedRunInsteadOfStartingAnother() throws SQLException {
        PurgeStore.Run first = store.begin(RetentionPurgeJob.NAME, Instant.now().minus(Duration.ofDays(30)));
        PurgeStore.Run second =
                store.begin(RetentionPurgeJob.NAME, Instant.now().minus(Duration.ofDays(1)));

        assertThat(second.id()).isEqualTo(first.id());
        assertThat(second.cutoff()).isEqualTo(first.cutoff());
    }
}
