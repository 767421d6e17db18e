-- Instances of scheduled or API-started workflows, one row per Temporal workflow (workflow id = id).
CREATE TABLE workflow_instance (
    id                  varchar(64)  PRIMARY KEY,
    type                varchar(64)  NOT NULL,
    status              varchar(16)  NOT NULL CHECK (status IN ('RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED')),
    input               jsonb        NOT NULL,
    result              jsonb,
    error               text,
    idempotency_key     varchar(200) UNIQUE,
    request_fingerprint varchar(64),
    schedule_id         varchar(64),
    scheduled_fire_time timestamptz,
    created_at          timestamptz  NOT NULL,
    updated_at          timestamptz  NOT NULL,
    finished_at         timestamptz
);

-- Listing is newest first with keyset pagination on (created_at, id), optionally filtered by status or type.
CREATE INDEX workflow_instance_created_idx ON workflow_instance (created_at, id);
CREATE INDEX workflow_instance_status_created_idx ON workflow_instance (status, created_at, id);
CREATE INDEX workflow_instance_type_created_idx ON workflow_instance (type, created_at, id);
CREATE INDEX workflow_instance_schedule_idx ON workflow_instance (schedule_id, scheduled_fire_time)
    WHERE schedule_id IS NOT NULL;

-- One row per completed workflow step; the primary key makes a retried activity's second write a no-op.
CREATE TABLE step_execution (
    instance_id  varchar(64)  NOT NULL REFERENCES workflow_instance (id) ON DELETE CASCADE,
    step         integer      NOT NULL,
    name         varchar(100) NOT NULL,
    attempt      integer      NOT NULL,
    worker       varchar(255) NOT NULL,
    started_at   timestamptz  NOT NULL,
    completed_at timestamptz  NOT NULL,
    PRIMARY KEY (instance_id, step)
);
