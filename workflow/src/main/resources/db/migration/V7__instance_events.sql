-- What happened to an instance, in order: created, each step started (per attempt) and completed, its final status.
-- GET /api/instances/{id}/events streams it. seq orders an instance's events without gaps (writers take the instance
-- row's lock, so they commit in seq order); fact names what the event records, so that a retried activity's second
-- write of the same fact is a no-op. Expand-only: the previous release neither reads nor writes this table, and
-- deleting an instance (retention purge, reconciliation) takes its events with it.
CREATE TABLE instance_event (
    instance_id varchar(64)  NOT NULL REFERENCES workflow_instance (id) ON DELETE CASCADE,
    seq         integer      NOT NULL,
    fact        varchar(64)  NOT NULL,
    kind        varchar(32)  NOT NULL,
    step        integer,
    attempt     integer,
    worker      varchar(255),
    status      varchar(16),
    error       text,
    occurred_at timestamptz  NOT NULL,
    PRIMARY KEY (instance_id, seq),
    UNIQUE (instance_id, fact)
);
