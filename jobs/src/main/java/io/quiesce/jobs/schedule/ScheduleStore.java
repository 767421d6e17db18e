package io.quiesce.jobs.schedule;

import io.quiesce.database.paging.PageCursor;
import io.quiesce.jobs.fire.FireContext;
import io.quiesce.jobs.quartz.QuartzResource;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.sql.DataSource;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.impl.jdbcjobstore.Constants;

/**
 * {@code job_schedule}, the jobs module's table of what the API pages on: each schedule's definition and creation time,
 * kept beside Quartz's job, which stays the truth of whether a schedule exists and of its state. Rows follow Quartz:
 * written after Quartz accepted a schedule, removed after Quartz deleted it; {@link #reconcile} repairs what a failure
 * between the two (or a server of the previous release, which writes only Quartz's tables) left, and a page shows only
 * schedules whose Quartz job exists. Quartz's tables are read only by their key and trigger columns, never its job data.
 */
@Dependent
public class ScheduleStore {

    private static final String COLUMNS =
            "s.id, s.type, s.cron, s.time_zone, s.input, s.misfire_policy, s.fingerprint, "
                    + "s.created_at, t.trigger_state, t.next_fire_time, t.prev_fire_time";

    /** Listed only while Quartz has the job; its trigger, when it still has one, gives the state. */
    private static final String PAGE = "SELECT " + COLUMNS + " FROM job_schedule s "
            + "LEFT JOIN qrtz_triggers t ON t.sched_name = s.scheduler_name AND t.trigger_group = ? "
            + "AND t.trigger_name = s.id "
            + "WHERE s.scheduler_name = ? AND EXISTS (SELECT 1 FROM qrtz_job_details j WHERE j.sched_name = s.scheduler_name "
            + "AND j.job_group = ? AND j.job_name = s.id)";

    private final DataSource dataSource;

    @Inject
    public ScheduleStore(@QuartzResource DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Idempotent: a row already there (a concurrent {@link #reconcile}, a replayed create) stays. */
    public void insert(String schedulerName, ScheduleRow row) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            insert(c, schedulerName, row);
        }
    }

    public void delete(String schedulerName, String id) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement d =
                        c.prepareStatement("DELETE FROM job_schedule WHERE scheduler_name = ? AND id = ?")) {
            d.setString(1, schedulerName);
            d.setString(2, id);
            d.executeUpdate();
        }
    }

    /**
     * Adds the row of every schedule Quartz has without one (read through Quartz's API) and removes the rows whose
     * Quartz job is gone. Both are no-ops when the two agree, which is the usual case.
     */
    public void reconcile(Scheduler scheduler) throws SQLException, SchedulerException {
        String name = scheduler.getSchedulerName();
        try (Connection c = dataSource.getConnection()) {
            for (String id : unlisted(c, name)) {
                JobDetail job = scheduler.getJobDetail(JobKey.jobKey(id, FireContext.SCHEDULE_GROUP));
                if (job != null) {
                    insert(c, name, ScheduleRow.of(id, job.getJobDataMap()));
                }
            }
            try (PreparedStatement orphans = c.prepareStatement("DELETE FROM job_schedule s WHERE s.scheduler_name = ? "
                    + "AND NOT EXISTS (SELECT 1 FROM qrtz_job_details j WHERE j.sched_name = s.scheduler_name "
                    + "AND j.job_group = ? AND j.job_name = s.id)")) {
                orphans.setString(1, name);
                orphans.setString(2, FireContext.SCHEDULE_GROUP);
                orphans.executeUpdate();
            }
        }
    }

    /** Oldest first, after {@code after}; the schedule's state as Quartz has it. */
    public List<ScheduleRecord> page(String schedulerName, PageCursor after, int limit) throws SQLException {
        String sql = PAGE + (after == null ? "" : " AND (s.created_at, s.id COLLATE \"C\") > (?, ?)")
                + " ORDER BY s.created_at, s.id COLLATE \"C\" LIMIT ?";
        try (Connection c = dataSource.getConnection();
                PreparedStatement q = c.prepareStatement(sql)) {
            int p = 0;
            q.setString(++p, FireContext.SCHEDULE_GROUP);
            q.setString(++p, schedulerName);
            q.setString(++p, FireContext.SCHEDULE_GROUP);
            if (after != null) {
                q.setTimestamp(++p, Timestamp.from(after.createdAt()));
                q.setString(++p, after.id());
            }
            q.setInt(++p, limit);
            List<ScheduleRecord> page = new ArrayList<>();
            try (ResultSet rows = q.executeQuery()) {
                while (rows.next()) {
                    ScheduleRow row = new ScheduleRow(
                            rows.getString(1),
                            rows.getString(2),
                            rows.getString(3),
                            rows.getString(4),
                            rows.getString(5),
                            rows.getString(6),
                            rows.getString(7),
                            rows.getTimestamp(8).toInstant());
                    page.add(ScheduleRecord.of(
                            row,
                            triggerState(rows.getString(9)),
                            fireTime(rows.getLong(10)),
                            fireTime(rows.getLong(11))));
                }
            }
            return page;
        }
    }

    private static List<String> unlisted(Connection c, String schedulerName) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT j.job_name FROM qrtz_job_details j "
                + "WHERE j.sched_name = ? AND j.job_group = ? AND NOT EXISTS (SELECT 1 FROM job_schedule s "
                + "WHERE s.scheduler_name = j.sched_name AND s.id = j.job_name)")) {
            q.setString(1, schedulerName);
            q.setString(2, FireContext.SCHEDULE_GROUP);
            List<String> ids = new ArrayList<>();
            try (ResultSet rows = q.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
            return ids;
        }
    }

    private static void insert(Connection c, String schedulerName, ScheduleRow row) throws SQLException {
        try (PreparedStatement i = c.prepareStatement("INSERT INTO job_schedule (scheduler_name, id, type, cron, "
                + "time_zone, input, misfire_policy, fingerprint, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                + "ON CONFLICT DO NOTHING")) {
            i.setString(1, schedulerName);
            i.setString(2, row.id());
            i.setString(3, row.type());
            i.setString(4, row.cron());
            i.setString(5, row.timeZone());
            i.setString(6, row.inputJson());
            i.setString(7, row.misfirePolicy());
            if (row.fingerprint() == null) {
                i.setNull(8, Types.VARCHAR);
            } else {
                i.setString(8, row.fingerprint());
            }
            i.setTimestamp(9, Timestamp.from(row.createdAt()));
            i.executeUpdate();
        }
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
