package io.quiesce.jobs.maintenance;

import io.quiesce.workflow.instance.InstanceRetention;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The purge's runs and checkpoints ({@code maintenance_run}, {@code maintenance_batch}, this module's tables); the
 * instances themselves are the workflow module's, deleted through {@link InstanceRetention} in the same transaction as
 * the batch's checkpoint.
 */
public final class PurgeStore {

    static final Checkpoint START = new Checkpoint(0, 0, Instant.parse("1970-01-01T00:00:00Z"), "");

    private final DataSource dataSource;
    private final InstanceRetention instances;

    public PurgeStore(DataSource dataSource, InstanceRetention instances) {
        this.dataSource = dataSource;
        this.instances = instances;
    }

    public record Run(String id, Instant cutoff, int batches, long rowsDeleted) {}

    /** The last batch a run has done and how many instances it deleted: the next one deletes after (finishedAt, id). */
    public record Checkpoint(int batch, int rows, Instant finishedAt, String id) {}

    public Optional<Run> unfinished(String job) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement q =
                        c.prepareStatement("SELECT id, cutoff, batches, rows_deleted FROM maintenance_run "
                                + "WHERE job = ? AND status = 'RUNNING'")) {
            q.setString(1, job);
            try (ResultSet rows = q.executeQuery()) {
                return rows.next()
                        ? Optional.of(new Run(
                                rows.getString(1), rows.getTimestamp(2).toInstant(), rows.getInt(3), rows.getLong(4)))
                        : Optional.empty();
            }
        }
    }

    public boolean anythingOlderThan(Instant cutoff) throws SQLException {
        return instances.anyFinishedBefore(cutoff);
    }

    /** Starts a run, or returns the unfinished one a concurrent fire started (one unfinished run per job, by index). */
    public Run begin(String job, Instant cutoff) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement insert = c.prepareStatement("INSERT INTO maintenance_run "
                        + "(id, job, status, cutoff, started_at, updated_at) VALUES (?, ?, 'RUNNING', ?, now(), now()) "
                        + "ON CONFLICT DO NOTHING")) {
            insert.setString(1, UUID.randomUUID().toString());
            insert.setString(2, job);
            insert.setTimestamp(3, Timestamp.from(cutoff));
            insert.executeUpdate();
        }
        return unfinished(job).orElseThrow(() -> new SQLException("The run of " + job + " vanished as it started"));
    }

    public Checkpoint checkpoint(String runId) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement(
                        "SELECT batch, rows_deleted, cursor_finished_at, cursor_id FROM maintenance_batch "
                                + "WHERE run_id = ? ORDER BY batch DESC LIMIT 1")) {
            q.setString(1, runId);
            try (ResultSet rows = q.executeQuery()) {
                return rows.next()
                        ? new Checkpoint(
                                rows.getInt(1),
                                rows.getInt(2),
                                rows.getTimestamp(3).toInstant(),
                                rows.getString(4))
                        : START;
            }
        }
    }

    /**
     * Deletes and checkpoints the next batch in one transaction, so that a batch is done and recorded or neither; a batch
     * number already recorded (a concurrent runner) rolls back. Empty when nothing was left.
     */
    public Optional<Checkpoint> purgeBatch(Run run, Checkpoint after, int size, String node) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Optional<Checkpoint> done = purge(c, instances, run, after, size, node);
                c.commit();
                return done;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private static Optional<Checkpoint> purge(
            Connection c, InstanceRetention instances, Run run, Checkpoint after, int size, String node)
            throws SQLException {
        Optional<InstanceRetention.Batch> gone =
                instances.deleteFinished(c, run.cutoff(), after.finishedAt(), after.id(), size);
        if (gone.isEmpty()) {
            return Optional.empty();
        }
        int deleted = gone.get().deleted();
        Instant lastFinished = gone.get().lastFinishedAt();
        String lastId = gone.get().lastId();
        Checkpoint next = new Checkpoint(after.batch() + 1, deleted, lastFinished, lastId);
        try (PreparedStatement batch = c.prepareStatement(
                "INSERT INTO maintenance_batch "
                        + "(run_id, batch, node, rows_deleted, cursor_finished_at, cursor_id, done_at) VALUES (?, ?, ?, ?, ?, ?, now())")) {
            batch.setString(1, run.id());
            batch.setInt(2, next.batch());
            batch.setString(3, node);
            batch.setInt(4, deleted);
            batch.setTimestamp(5, Timestamp.from(lastFinished));
            batch.setString(6, lastId);
            batch.executeUpdate();
        }
        try (PreparedStatement update = c.prepareStatement("UPDATE maintenance_run SET batches = ?, "
                + "rows_deleted = rows_deleted + ?, updated_at = now() WHERE id = ? AND status = 'RUNNING'")) {
            update.setInt(1, next.batch());
            update.setInt(2, deleted);
            update.setString(3, run.id());
            if (update.executeUpdate() != 1) {
                throw new SQLException(
                        "Run " + run.id() + " is no longer running; batch " + next.batch() + " rolled back");
            }
        }
        return Optional.of(next);
    }

    public void complete(Run run) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement done =
                        c.prepareStatement("UPDATE maintenance_run SET status = 'COMPLETED', finished_at = now(), "
                                + "updated_at = now() WHERE id = ?");
                PreparedStatement old = c.prepareStatement(
                        "DELETE FROM maintenance_run WHERE status = 'COMPLETED' AND finished_at < ?")) {
            done.setString(1, run.id());
            done.executeUpdate();
            old.setTimestamp(1, Timestamp.from(run.cutoff()));
            old.executeUpdate();
        }
    }
}
