-- When a worker began the instance (report's report-started change, ReportActivities.markStarted): created_at to
-- started_at is the time it waited on the task queue. Expand only: a nullable column that release 0.2.0 neither reads
-- nor writes, so its servers keep working while the first 0.3.0 server migrates. NULL for instances started before.
ALTER TABLE workflow_instance ADD COLUMN started_at timestamptz;
