package io.quiesce.workflow.instance;

import io.quiesce.database.paging.PageCursor;
import io.quiesce.workflow.callback.CallbackStatus;
import io.quiesce.workflow.callback.CallbackStore;
import io.quiesce.workflow.callback.CallbackTarget;
import io.quiesce.workflow.events.InstanceEventStore;
import io.quiesce.workflow.events.InstanceEventStore.Fact;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The one owner of {@code workflow_instance} and {@code step_execution}: every other module reads and changes them
 * through here. Each write is idempotent by itself (Temporal may run any activity twice): one auto-commit statement,
 * or one transaction when the instance's event ({@link InstanceEventStore}) must commit with the fact it records.
 */
@Dependent
public class InstanceStore {

    private static final String COLUMNS = "id, type, status, input::text AS input, result::text AS result, error, "
            + "schedule_id, scheduled_fire_time, created_at, updated_at, finished_at, idempotency_key, request_fingerprint, "
            + "code_version, started_at";

    private final DataSource dataSource;
    private final CallbackStore callbacks;

    @Inject
    public InstanceStore(DataSource dataSource) {
        this.dataSource = dataSource;
        this.callbacks = new CallbackStore(dataSource);
    }

    /** The instance's completion callback, when its start asked for one. */
    public Optional<CallbackStatus> callback(String id) {
        return callbacks.status(id);
    }

    public record Row(InstanceRecord record, String idempotencyKey, String requestFingerprint) {}

    /** No conflict target: a duplicate may trip the idempotency key's unique index first; both derive from one key. */
    public boolean insertIfAbsent(String id, StartCommand cmd, String normalizedInputJson, String codeVersion) {
        return insertIfAbsent(id, cmd, normalizedInputJson, codeVersion, null);
    }

    /** With a callback, one statement inserts both rows: neither exists without the other. */
    public boolean insertIfAbsent(
            String id, StartCommand cmd, String normalizedInputJson, String codeVersion, CallbackTarget callback) {
        String insert = "INSERT INTO workflow_instance (id, type, status, input, idempotency_key, request_fingerprint, "
                + "schedule_id, scheduled_fire_time, code_version, created_at, updated_at) "
                + "VALUES (?, ?, 'RUNNING', ?::jsonb, ?, ?, ?, ?, ?, now(), now()) ON CONFLICT DO NOTHING";
        String sql = callback == null
                ? insert
                : "WITH inserted AS (" + insert + " RETURNING id) INSERT INTO instance_callback (instance_id, url, "
                        + "delivery_id, state, created_at, updated_at) SELECT id, ?, ?, 'WAITING', now(), now() "
                        + "FROM inserted";
        try {
            return inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, id);
                    ps.setString(2, cmd.type());
                    ps.setString(3, normalizedInputJson);
                    ps.setString(4, cmd.idempotencyKey());
                    ps.setString(5, cmd.requestFingerprint());
                    ps.setString(6, cmd.scheduleId());
                    setInstant(ps, 7, cmd.scheduledFireTime());
                    ps.setString(8, codeVersion);
                    if (callback != null) {
                        ps.setString(9, callback.uri().toString());
                        ps.setString(10, UUID.randomUUID().toString());
                    }
                    if (ps.executeUpdate() != 1) {
                        return false;
                    }
                }
                InstanceEventStore.append(c, id, Fact.created());
                return true;
            });
        } catch (SQLException e) {
            throw failed("insert instance " + id, e);
        }
    }

    public Optional<Row> findRow(String id) {
        String sql = "SELECT " + COLUMNS + " FROM workflow_instance WHERE id = ?";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failed("read instance " + id, e);
        }
    }

    public Optional<EventProgress> eventProgress(String id) {
        String sql = "SELECT status, (SELECT COALESCE(max(seq), 0) FROM instance_event WHERE instance_id = ?) "
                + "FROM workflow_instance WHERE id = ?";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, id);
            ps.setString(2, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new EventProgress(InstanceStatus.valueOf(rs.getString(1)), rs.getInt(2)))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw failed("read the events of " + id, e);
        }
    }

    public List<StepRecord> steps(String id) {
        String sql = "SELECT step, name, attempt, worker, code_version, started_at, completed_at FROM step_execution "
                + "WHERE instance_id = ? ORDER BY step";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, id);
            List<StepRecord> steps = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    steps.add(new StepRecord(
                            rs.getInt("step"),
                            rs.getString("name"),
                            rs.getInt("attempt"),
                            rs.getString("worker"),
                            rs.getString("code_version"),
                            instant(rs, "started_at"),
                            instant(rs, "completed_at")));
                }
            }
            return steps;
        } catch (SQLException e) {
            throw failed("read steps of " + id, e);
        }
    }

    /** A null {@code status}, {@code type} or {@code codeVersion} matches any. */
    public List<InstanceRecord> list(
            InstanceStatus status, String type, String codeVersion, PageCursor after, int limit) {
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM workflow_instance WHERE true");
        List<Object> params = new ArrayList<>();
        if (status != null) {
            sql.append(" AND status = ?");
            params.add(status.name());
        }
        if (type != null) {
            sql.append(" AND type = ?");
            params.add(type);
        }
        if (codeVersion != null) {
            sql.append(" AND code_version = ?");
            params.add(codeVersion);
        }
        if (after != null) {
            sql.append(" AND (created_at, id) < (?, ?)");
            params.add(OffsetDateTime.ofInstant(after.createdAt(), ZoneOffset.UTC));
            params.add(after.id());
        }
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT ?");
        params.add(limit);
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            return records(ps);
        } catch (SQLException e) {
            throw failed("list instances", e);
        }
    }

    /** RUNNING rows last written before {@code untouchedSince}, oldest first after {@code after}. */
    public List<InstanceRecord> runningUntouchedSince(Instant untouchedSince, PageCursor after, int limit) {
        String sql = "SELECT " + COLUMNS + " FROM workflow_instance WHERE status = 'RUNNING' AND updated_at < ? "
                + "AND (created_at, id) > (?, ?) ORDER BY created_at, id LIMIT ?";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            setInstant(ps, 1, untouchedSince);
            setInstant(ps, 2, after == null ? Instant.EPOCH : after.createdAt());
            ps.setString(3, after == null ? "" : after.id());
            ps.setInt(4, limit);
            return records(ps);
        } catch (SQLException e) {
            throw failed("list running instances", e);
        }
    }

    /** Every status, 0 where there is none; one scan of the status index, cut off after {@code timeoutSeconds}. */
    public Map<InstanceStatus, Long> countByStatus(int timeoutSeconds) {
        Map<InstanceStatus, Long> counts = new EnumMap<>(InstanceStatus.class);
        for (InstanceStatus status : InstanceStatus.values()) {
            counts.put(status, 0L);
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT status, count(*) FROM workflow_instance GROUP BY status")) {
            ps.setQueryTimeout(timeoutSeconds);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(InstanceStatus.valueOf(rs.getString(1)), rs.getLong(2));
                }
            }
            return counts;
        } catch (SQLException e) {
            throw failed("count instances by status", e);
        }
    }

    public boolean delete(String id) {
        return deleteRunning(id, null);
    }

    /** Only a RUNNING row changes: a retried activity, or one late after a cancel, cannot overwrite an outcome. */
    public boolean finish(String id, InstanceStatus status, String resultJson, String error) {
        return finish(id, status, resultJson, error, null);
    }

    /** {@link #finish} for a row no one has written since {@code untouchedSince}; a concurrent writer wins. */
    public boolean finishUntouched(
            String id, InstanceStatus status, String resultJson, String error, Instant untouchedSince) {
        return finish(id, status, resultJson, error, Objects.requireNonNull(untouchedSince));
    }

    private boolean finish(String id, InstanceStatus status, String resultJson, String error, Instant untouchedSince) {
        if (!status.isFinal()) {
            throw new IllegalArgumentException("not a final status: " + status);
        }
        String sql = "UPDATE workflow_instance SET status = ?, result = ?::jsonb, error = ?, updated_at = now(), "
                + "finished_at = now() WHERE id = ? AND status = 'RUNNING'"
                + (untouchedSince == null ? "" : " AND updated_at < ?");
        try {
            return inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, status.name());
                    ps.setString(2, resultJson);
                    ps.setString(3, error);
                    ps.setString(4, id);
                    if (untouchedSince != null) {
                        setInstant(ps, 5, untouchedSince);
                    }
                    if (ps.executeUpdate() != 1) {
                        return false;
                    }
                }
                InstanceEventStore.append(c, id, Fact.finished(status.name(), error));
                return true;
            });
        } catch (SQLException e) {
            throw failed("finish instance " + id, e);
        }
    }

    public boolean deleteUntouched(String id, Instant untouchedSince) {
        return deleteRunning(id, Objects.requireNonNull(untouchedSince));
    }

    private boolean deleteRunning(String id, Instant untouchedSince) {
        String sql = "DELETE FROM workflow_instance WHERE id = ? AND status = 'RUNNING'"
                + (untouchedSince == null ? "" : " AND updated_at < ?");
        try {
            return inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, id);
                    if (untouchedSince != null) {
                        setInstant(ps, 2, untouchedSince);
                    }
                    if (ps.executeUpdate() != 1) {
                        return false;
                    }
                }
                InstanceEventStore.notifyRemoved(c, id);
                return true;
            });
        } catch (SQLException e) {
            throw failed("delete instance " + id, e);
        }
    }

    /** Marks a RUNNING row as being worked on, so that the reconciler leaves it alone meanwhile. */
    public void touch(String id) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "UPDATE workflow_instance SET updated_at = now() WHERE id = ? AND status = 'RUNNING'")) {
            ps.setString(1, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw failed("touch instance " + id, e);
        }
    }

    /** The first start wins: a retried activity, or a run's second attempt, keeps it. */
    public void markStarted(String id, Instant startedAt) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("UPDATE workflow_instance SET started_at = ?, updated_at = now()"
                                + " WHERE id = ? AND started_at IS NULL")) {
            setInstant(ps, 1, startedAt);
            ps.setString(2, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw failed("mark instance " + id + " started", e);
        }
    }

    public boolean isStepRecorded(String id, int step) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT 1 FROM step_execution WHERE instance_id = ? AND step = ?")) {
            ps.setString(1, id);
            ps.setInt(2, step);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw failed("read step " + step + " of " + id, e);
        }
    }

    /** The step's event is appended with its row, so a retried activity's second write records neither. */
    public boolean recordStep(String id, StepRecord step) {
        String sql = "INSERT INTO step_execution (instance_id, step, name, attempt, worker, code_version, started_at, "
                + "completed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (instance_id, step) DO NOTHING";
        try {
            return inTransaction(c -> {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, id);
                    ps.setInt(2, step.step());
                    ps.setString(3, step.name());
                    ps.setInt(4, step.attempt());
                    ps.setString(5, step.worker());
                    ps.setString(6, step.codeVersion());
                    setInstant(ps, 7, step.startedAt());
                    setInstant(ps, 8, step.completedAt());
                    if (ps.executeUpdate() != 1) {
                        return false;
                    }
                }
                InstanceEventStore.append(c, id, Fact.stepCompleted(step.step(), step.attempt(), step.worker()));
                return true;
            });
        } catch (SQLException e) {
            throw failed("record step " + step.step() + " of " + id, e);
        }
    }

    /** Once per attempt: a retry on another worker is a new fact. */
    public void recordStepStarted(String id, int step, int attempt, String worker) {
        try {
            inTransaction(c -> InstanceEventStore.append(c, id, Fact.stepStarted(step, attempt, worker)));
        } catch (SQLException e) {
            throw failed("record the start of step " + step + " of " + id, e);
        }
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** For the statements that must land together: a fact and its event. */
    private <T> T inTransaction(Work<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private static List<InstanceRecord> records(PreparedStatement ps) throws SQLException {
        List<InstanceRecord> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(row(rs).record());
            }
        }
        return rows;
    }

    private static Row row(ResultSet rs) throws SQLException {
        InstanceRecord record = new InstanceRecord(
                rs.getString("id"),
                rs.getString("type"),
                InstanceStatus.valueOf(rs.getString("status")),
                rs.getString("input"),
                rs.getString("result"),
                rs.getString("error"),
                rs.getString("schedule_id"),
                instant(rs, "scheduled_fire_time"),
                rs.getString("code_version"),
                instant(rs, "created_at"),
                instant(rs, "started_at"),
                instant(rs, "updated_at"),
                instant(rs, "finished_at"),
                List.of());
        return new Row(record, rs.getString("idempotency_key"), rs.getString("request_fingerprint"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(index, OffsetDateTime.ofInstant(value, ZoneOffset.UTC));
        }
    }

    private static InstanceStorageException failed(String what, SQLException e) {
        return new InstanceStorageException("Database error: cannot " + what + ": " + e.getMessage(), e);
    }
}
