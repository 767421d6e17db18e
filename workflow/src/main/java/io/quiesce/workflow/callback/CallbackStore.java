package io.quiesce.workflow.callback;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The outbox of completion callbacks. A row is inserted with its instance (see {@code InstanceStore}) and becomes due
 * in the transaction that ends the instance (a trigger, V8); dispatchers claim due rows with an expiring lease and
 * {@code FOR UPDATE SKIP LOCKED}, so two servers never claim the same row and a dead server's claims pass to another.
 * Every write after the claim checks that this owner still holds the lease.
 */
public class CallbackStore {

    /** One claimed delivery and what its body says of the instance. */
    public record Claim(
            String instanceId,
            String url,
            String deliveryId,
            int attempts,
            String type,
            String status,
            String resultJson,
            String error,
            String codeVersion,
            Instant createdAt,
            Instant finishedAt) {}

    private static final String CLAIM = "WITH due AS ("
            + " SELECT instance_id FROM instance_callback"
            + " WHERE state = 'PENDING' AND next_attempt_at <= now() AND (lease_until IS NULL OR lease_until < now())"
            + " ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED),"
            + " claimed AS ("
            + " UPDATE instance_callback c SET lease_owner = ?, lease_until = now() + ? * interval '1 millisecond',"
            + " updated_at = now() FROM due WHERE c.instance_id = due.instance_id"
            + " RETURNING c.instance_id, c.url, c.delivery_id, c.attempts)"
            + " SELECT claimed.instance_id, claimed.url, claimed.delivery_id, claimed.attempts, i.type, i.status,"
            + " i.result::text AS result, i.error, i.code_version, i.created_at, i.finished_at"
            + " FROM claimed JOIN workflow_instance i ON i.id = claimed.instance_id";

    private static final String HELD = " WHERE instance_id = ? AND lease_owner = ? AND state = 'PENDING'";

    private final DataSource dataSource;

    public CallbackStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Optional<CallbackStatus> status(String instanceId) {
        String sql = "SELECT state, attempts, last_error, delivery_id, next_attempt_at, delivered_at"
                + " FROM instance_callback WHERE instance_id = ?";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, instanceId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new CallbackStatus(
                        CallbackStatus.State.valueOf(rs.getString("state")),
                        rs.getInt("attempts"),
                        rs.getString("last_error"),
                        rs.getString("delivery_id"),
                        instant(rs, "next_attempt_at"),
                        instant(rs, "delivered_at")));
            }
        } catch (SQLException e) {
            throw failed("read the callback of " + instanceId, e);
        }
    }

    /** At most {@code limit} due deliveries, now held by {@code owner} for {@code lease}. */
    public List<Claim> claim(String owner, int limit, Duration lease) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(CLAIM)) {
            ps.setInt(1, limit);
            ps.setString(2, owner);
            ps.setLong(3, lease.toMillis());
            List<Claim> claims = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    claims.add(new Claim(
                            rs.getString("instance_id"),
                            rs.getString("url"),
                            rs.getString("delivery_id"),
                            rs.getInt("attempts"),
                            rs.getString("type"),
                            rs.getString("status"),
                            rs.getString("result"),
                            rs.getString("error"),
                            rs.getString("code_version"),
                            instant(rs, "created_at"),
                            instant(rs, "finished_at")));
                }
            }
            return claims;
        } catch (SQLException e) {
            throw failed("claim due callbacks", e);
        }
    }

    /**
     * Counts the attempt before it is sent, so that one cut short by a crash still counts.
     *
     * @return the attempt's number, or 0 when the lease is no longer this owner's (nothing may be sent then)
     */
    public int beginAttempt(String instanceId, String owner) {
        String sql = "UPDATE instance_callback SET attempts = attempts + 1, updated_at = now()" + HELD
                + " AND lease_until > now() RETURNING attempts";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, instanceId);
            ps.setString(2, owner);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        } catch (SQLException e) {
            throw failed("begin a callback attempt of " + instanceId, e);
        }
    }

    /** @return false when the lease had passed to another server meanwhile */
    public boolean delivered(String instanceId, String owner) {
        return update(
                "UPDATE instance_callback SET state = 'DELIVERED', delivered_at = now(), last_error = NULL,"
                        + " next_attempt_at = NULL, lease_owner = NULL, lease_until = NULL, updated_at = now()" + HELD,
                instanceId,
                owner,
                null,
                null);
    }

    public boolean retryLater(String instanceId, String owner, String error, Duration delay) {
        return update(
                "UPDATE instance_callback SET last_error = ?, next_attempt_at = now() + ? * interval '1 millisecond',"
                        + " lease_owner = NULL, lease_until = NULL, updated_at = now()" + HELD,
                instanceId,
                owner,
                error,
                delay);
    }

    public boolean failed(String instanceId, String owner, String error) {
        return update(
                "UPDATE instance_callback SET state = 'FAILED', last_error = ?, next_attempt_at = NULL,"
                        + " lease_owner = NULL, lease_until = NULL, updated_at = now()" + HELD,
                instanceId,
                owner,
                error,
                null);
    }

    /** Gives claims back at once (due now) instead of letting them expire: another server takes them next. */
    public int release(String owner, Collection<String> instanceIds) {
        if (instanceIds.isEmpty()) {
            return 0;
        }
        String sql = "UPDATE instance_callback SET lease_owner = NULL, lease_until = NULL, updated_at = now()"
                + " WHERE lease_owner = ? AND state = 'PENDING' AND instance_id = ANY (?)";
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            Array ids = c.createArrayOf("varchar", instanceIds.toArray());
            ps.setString(1, owner);
            ps.setArray(2, ids);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw failed("release " + instanceIds.size() + " callback claim(s)", e);
        }
    }

    private boolean update(String sql, String instanceId, String owner, String error, Duration delay) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (error != null) {
                ps.setString(i++, error);
            }
            if (delay != null) {
                ps.setLong(i++, delay.toMillis());
            }
            ps.setString(i++, instanceId);
            ps.setString(i, owner);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw failed("record the callback attempt of " + instanceId, e);
        }
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static CallbackStorageException failed(String what, SQLException e) {
        return new CallbackStorageException("Database error: cannot " + what + ": " + e.getMessage(), e);
    }
}
