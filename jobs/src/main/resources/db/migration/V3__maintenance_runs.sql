-- Runs of maintenance jobs (the retention purge) and their checkpoints. A run is resumed, never restarted, by whichever
-- server fires the job next; its batches are written in the same transaction as the rows they delete, so a batch is
-- either done and recorded or not done at all, and the primary key refuses a batch number done twice.
CREATE TABLE maintenance_run (
    id           varchar(64)  PRIMARY KEY,
    job          varchar(64)  NOT NULL,
    status       varchar(16)  NOT NULL CHECK (status IN ('RUNNING', 'COMPLETED')),
    cutoff       timestamptz  NOT NULL,
    started_at   timestamptz  NOT NULL,
    updated_at   timestamptz  NOT NULL,
    finished_at  timestamptz,
    batches      integer      NOT NULL DEFAULT 0,
    rows_deleted bigint       NOT NULL DEFAULT 0
);

-- At most one unfinished run per job: a second fire resumes it instead of starting another.
CREATE UNIQUE INDEX maintenance_run_one_running_idx ON maintenance_run (job) WHERE status = 'RUNNING';

CREATE TABLE maintenance_batch (
    run_id             varchar(64)  NOT NULL REFERENCES maintenance_run (id) ON DELETE CASCADE,
    batch              integer      NOT NULL,
    node               varchar(200) NOT NULL,
    rows_deleted       integer      NOT NULL,
    cursor_finished_at timestamptz  NOT NULL,
    cursor_id          varchar(64)  NOT NULL,
    done_at            timestamptz  NOT NULL,
    PRIMARY KEY (run_id, batch)
);

-- The purge walks finished instances in (finished_at, id) order.
CREATE INDEX workflow_instance_finished_idx ON workflow_instance (finished_at, id) WHERE finished_at IS NOT NULL;
