package io.quiesce.workflow.events;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The {@code instance_event} table. Writers append inside the transaction that records the fact itself, so that a fact
 * and its event commit together or not at all; each append notifies {@value #CHANNEL} at commit. The notification is
 * only a wake-up: readers always read the table, from the last event they have.
 */
public final class InstanceEventStore {

    /** PostgreSQL notification channel; the payload is {@code <instance id> <seq>}, or {@code <instance id> -} when removed. */
    public static final String CHANNEL = "quiesce_instance_events";

    static final String REMOVED = "-";
    private static final String FINISHED = "finished";

    /** What an event records, before it has its place in the instance's order; {@code key} is unique per instance. */
    public record Fact(
            String key,
            InstanceEvent.Kind kind,
            Integer step,
            Integer attempt,
            String worker,
            String status,
            String error) {

        public static Fact created() {
            return new Fact("created", InstanceEvent.Kind.CREATED, null, null, null, null, null);
        }

        /** One per attempt: a step that a lost worker left is started again, by another attempt. */
        public static Fact stepStarted(int step, int attempt, String worker) {
            return new Fact(
                    "step:" + step + ":started:" + attempt,
                    InstanceEvent.Kind.STEP_STARTED,
                    step,
                    attempt,
                    worker,
                    null,
                    null);
        }

        public static Fact stepCompleted(int step, int attempt, String worker) {
            return new Fact(
                    "step:" + step + ":completed",
                    InstanceEvent.Kind.STEP_COMPLETED,
                    step,
                    attempt,
                    worker,
                    null,
                    null);
        }

        public static Fact finished(String status, String error) {
            return new Fact(FINISHED, InstanceEvent.Kind.FINISHED, null, null, null, status, error);
        }
    }

    private InstanceEventStore() {}

    /**
     * Appends {@code fact} in the caller's transaction. The instance's row lock makes concurrent writers of one instance
     * take turns, so each reads the last seq after the previous one committed and events commit in seq order. Nothing
     * is appended after the final event, so that it stays the last.
     *
     * @return the event's seq; empty when the fact is already recorded, the instance has finished, or it does not exist
     */
    public static OptionalInt append(Connection c, String instanceId, Fact fact) throws SQLException {
        try (PreparedStatement lock =
                c.prepareStatement("SELECT 1 FROM workflow_instance WHERE id = ? FOR NO KEY UPDATE")) {
            lock.setString(1, instanceId);
            try (ResultSet rs = lock.executeQuery()) {
                if (!rs.next()) {
                    return OptionalInt.empty();
                }
            }
        }
        String sql = "WITH e AS (INSERT INTO instance_event (instance_id, seq, fact, kind, step, attempt, worker, "
                + "status, error, occurred_at) SELECT ?, COALESCE(max(seq), 0) + 1, ?, ?, ?, ?, ?, ?, ?, "
                + "clock_timestamp() FROM instance_event WHERE instance_id = ? HAVING bool_and(fact <> '" + FINISHED
                + "') IS NOT FALSE ON CONFLICT DO NOTHING RETURNING seq) "
                + "SELECT seq, pg_notify('" + CHANNEL + "', ? || ' ' || seq) FROM e";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, instanceId);
            ps.setString(2, fact.key());
            ps.setString(3, fact.kind().name());
            setInteger(ps, 4, fact.step());
            setInteger(ps, 5, fact.attempt());
            ps.setString(6, fact.worker());
            ps.setString(7, fact.status());
            ps.setString(8, fact.error());
            ps.setString(9, instanceId);
            ps.setString(10, instanceId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OptionalInt.of(rs.getInt(1)) : OptionalInt.empty();
            }
        }
    }

    /** Tells every server's watchers of a removed instance (a start that failed) that no more events will come. */
    public static void notifyRemoved(Connection c, String instanceId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            ps.setString(1, CHANNEL);
            ps.setString(2, instanceId + " " + REMOVED);
            ps.execute();
        }
    }

    /** At most {@code limit} events after {@code afterSeq}, in order. */
    public static List<InstanceEvent> after(Connection c, String instanceId, int afterSeq, int limit)
            throws SQLException {
        String sql = "SELECT seq, kind, occurred_at, step, attempt, worker, status, error FROM instance_event "
                + "WHERE instance_id = ? AND seq > ? ORDER BY seq LIMIT ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, instanceId);
            ps.setInt(2, afterSeq);
            ps.setInt(3, limit);
            List<InstanceEvent> events = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    events.add(new InstanceEvent(
                            instanceId,
                            rs.getInt("seq"),
                            InstanceEvent.Kind.valueOf(rs.getString("kind")),
                            rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                            integer(rs, "step"),
                            integer(rs, "attempt"),
                            rs.getString("worker"),
                            rs.getString("status"),
                            rs.getString("error")));
                }
            }
            return events;
        }
    }

    private static Integer integer(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    private static void setInteger(PreparedStatement ps, int index, Integer value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setInt(index, value);
        }
    }
}
