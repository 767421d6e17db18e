-- The cron schedules as the API lists them, in a table of the project's own: what each schedule is and when it was
-- created (copied from the job's data, nullable as it is), one row per Quartz job of group 'schedule' (scheduler_name
-- and id are Quartz's sched_name and job_name).
-- Quartz stays the one that fires them and keeps their state (paused, next and previous fire); pages join its trigger
-- rows for that. A row is written after Quartz has accepted the schedule and removed after Quartz has deleted it, and a
-- schedule listed is one whose Quartz job exists; whatever a failure half-way leaves is repaired by the next list
-- (ScheduleStore.reconcile), so nothing half-written is ever shown.
-- Expand-only: servers of the previous release neither read nor write this table and keep listing from Quartz's; rows for
-- schedules that exist only in Quartz (created before this script, or by a previous-release server during the rolling
-- update) are added by this release's servers from Quartz's job data, read through Quartz's API.
CREATE TABLE job_schedule (
    scheduler_name varchar(120) NOT NULL,
    id             varchar(200) NOT NULL,
    type           text,
    cron           text,
    time_zone      text,
    input          text,
    misfire_policy text,
    fingerprint    text,
    created_at     timestamptz  NOT NULL,
    PRIMARY KEY (scheduler_name, id)
);

-- Pages are oldest first, keyset-paginated on (created_at, id) within one scheduler.
CREATE INDEX job_schedule_created_idx ON job_schedule (scheduler_name, created_at, id);
