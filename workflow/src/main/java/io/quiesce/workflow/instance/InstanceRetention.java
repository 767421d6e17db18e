package io.quiesce.workflow.instance;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * What the retention purge may do to this module's tables: find and delete finished instances (their steps go by
 * cascade). The jobs module decides when and how much, and checkpoints each batch in its own table in the same
 * transaction, hence the caller's connection.
 */
@Dependent
public class InstanceRetention {

    private final DataSource dataSource;

    @Inject
    public InstanceRetention(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The last instance a batch deleted, in the purge's order (finished_at, id), and how many it deleted. */
    public record Batch(int deleted, Instant lastFinishedAt, String lastId) {}

    public boolean anyFinishedBefore(Instant cutoff) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement(
                        "SELECT EXISTS (SELECT 1 FROM workflow_instance " + "WHERE finished_at < ? AND status <> ?)")) {
            q.setTimestamp(1, Timestamp.from(cutoff));
            q.setString(2, InstanceStatus.RUNNING.name());
            try (ResultSet rows = q.executeQuery()) {
                rows.next();
                return rows.getBoolean(1);
            }
        }
    }

    /**
     * Deletes up to {@code limit} instances that finished before {@code cutoff}, after ({@code afterFinishedAt},
     * {@code afterId}), oldest first, skipping rows another purge holds; empty when none was left. Runs in the caller's
     * transaction on {@code c}.
     */
    public Optional<Batch> deleteFinished(
            Connection c, Instant cutoff, Instant afterFinishedAt, String afterId, int limit) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement(
                "WITH doomed AS ("
                        + "  SELECT id FROM workflow_instance WHERE status <> ? AND finished_at < ? AND (finished_at, id) > (?, ?)"
                        + "  ORDER BY finished_at, id LIMIT ? FOR UPDATE SKIP LOCKED), "
                        + "gone AS (DELETE FROM workflow_instance w USING doomed d WHERE w.id = d.id RETURNING w.finished_at, w.id) "
                        + "SELECT (SELECT count(*) FROM gone), g.finished_at, g.id FROM gone g ORDER BY g.finished_at DESC, g.id DESC LIMIT 1")) {
            delete.setString(1, InstanceStatus.RUNNING.name());
            delete.setTimestamp(2, Timestamp.from(cutoff));
            delete.setTimestamp(3, Timestamp.from(afterFinishedAt));
            delete.setString(4, afterId);
            delete.setInt(5, limit);
            try (ResultSet rows = delete.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(
                        new Batch(rows.getInt(1), rows.getTimestamp(2).toInstant(), rows.getString(3)));
            }
        }
    }
}
