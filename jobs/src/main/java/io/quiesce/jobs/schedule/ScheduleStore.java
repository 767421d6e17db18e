package io.quiesce.jobs.schedule;

import io.quiesce.database.paging.PageCursor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import javax.sql.DataSource;
import org.quartz.JobDataMap;
import org.quartz.Trigger;
import org.quartz.impl.jdbcjobstore.Constants;

/**
 * Read-only SQL on Quartz's tables, because Quartz's API can list a page only by loading every schedule. No index
 * serves the order, as created-at lives only in the job data: PostgreSQL reads every blob of the scheduler per page.
 */
final class ScheduleStore {

    /** created-at as Properties.store wrote it, {@code :} escaped; as timestamptz it sorts to the microsecond. */
    private static final String CREATED_AT = "replace(substring(convert_from(j.job_data, 'LATIN1') " + "FROM '(?:^|\\n)"
            + ScheduleService.CREATED_AT + "=([^\\r\\n]*)'), '\\:', ':')::timestamptz";

    private static final String SCHEDULES =
            "SELECT s.id, s.job_data, t.trigger_state, t.next_fire_time, t.prev_fire_time "
                    + "FROM (SELECT j.job_name COLLATE \"C\" AS id, j.job_data, " + CREATED_AT + " AS created_at "
                    + "FROM qrtz_job_details j WHERE j.sched_name = ? AND j.job_group = ?) s "
                    + "LEFT JOIN qrtz_triggers t ON t.sched_name = ? AND t.trigger_group = ? AND t.trigger_name = s.id";

    private final DataSource dataSource;

    ScheduleStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    List<ScheduleRecord> page(String schedulerName, PageCursor after, int limit) throws SQLException {
        String sql = SCHEDULES + (after == null ? "" : " WHERE (s.created_at, s.id) > (?::timestamptz, ?)")
                + " ORDER BY s.created_at, s.id LIMIT ?";
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement(sql)) {
            int p = 0;
            q.setString(++p, schedulerName);
            q.setString(++p, ScheduleService.GROUP);
            q.setString(++p, schedulerName);
            q.setString(++p, ScheduleService.GROUP);
            if (after != null) {
                q.setString(++p, after.createdAt().toString());
                q.setString(++p, after.id());
            }
            q.setInt(++p, limit);
            List<ScheduleRecord> page = new ArrayList<>();
            try (ResultSet rows = q.executeQuery()) {
                while (rows.next()) {
                    page.add(ScheduleRecord.of(
                            rows.getString(1),
                            jobData(rows.getBytes(2)),
                            triggerState(rows.getString(3)),
                            fireTime(rows.getLong(4)),
                            fireTime(rows.getLong(5))));
                }
            }
            return page;
        }
    }

    /** In properties form only because the clustered store is set to {@code useProperties}. */
    private static JobDataMap jobData(byte[] stored) throws SQLException {
        Properties properties = new Properties();
        if (stored != null) {
            try {
                properties.load(new ByteArrayInputStream(stored));
            } catch (IOException | IllegalArgumentException e) {
                throw new SQLException("A schedule's job data is not in properties form", e);
            }
        }
        return new JobDataMap(properties);
    }

    /** As {@code JobStoreSupport.getTriggerState} reads it; after its last fire a schedule has no trigger. */
    static Trigger.TriggerState triggerState(String stored) {
        if (stored == null) {
            return Trigger.TriggerState.NONE;
        }
        return switch (stored) {
            case Constants.STATE_DELETED -> Trigger.TriggerState.NONE;
            case Constants.STATE_COMPLETE -> Trigger.TriggerState.COMPLETE;
            case Constants.STATE_PAUSED, Constants.STATE_PAUSED_BLOCKED -> Trigger.TriggerState.PAUSED;
            case Constants.STATE_ERROR -> Trigger.TriggerState.ERROR;
            case Constants.STATE_BLOCKED -> Trigger.TriggerState.BLOCKED;
            default -> Trigger.TriggerState.NORMAL;
        };
    }

    /** Quartz stores an absent fire time as 0 or -1 (or NULL, read as 0). */
    private static Date fireTime(long millis) {
        return millis > 0 ? new Date(millis) : null;
    }
}
