-- Completion callbacks: one per instance that asked for one. Expand-only (a new table, function and trigger), so pods of
-- the previous release keep working against this schema during a rolling update.
CREATE TABLE instance_callback (
    instance_id     varchar(64)   PRIMARY KEY REFERENCES workflow_instance (id) ON DELETE CASCADE,
    url             varchar(2048) NOT NULL,
    -- The id a receiver de-duplicates on: the same for every attempt.
    delivery_id     varchar(64)   NOT NULL UNIQUE,
    -- WAITING for the instance to end, PENDING delivery (due at next_attempt_at), DELIVERED, or FAILED for good.
    state           varchar(16)   NOT NULL CHECK (state IN ('WAITING', 'PENDING', 'DELIVERED', 'FAILED')),
    attempts        integer       NOT NULL DEFAULT 0,
    next_attempt_at timestamptz,
    -- The server sending it now; another may take it once lease_until has passed.
    lease_owner     varchar(255),
    lease_until     timestamptz,
    last_error      varchar(500),
    created_at      timestamptz   NOT NULL,
    updated_at      timestamptz   NOT NULL,
    delivered_at    timestamptz
);

-- The dispatchers' claim: due deliveries, oldest first.
CREATE INDEX instance_callback_due_idx ON instance_callback (next_attempt_at) WHERE state = 'PENDING';

-- The delivery becomes due in the same transaction that ends its instance, whichever code ends it: the workflow's own
-- bookkeeping, a cancel, the reconciliation, or a worker of the previous release during a rolling update, which knows
-- nothing of callbacks. Only the RUNNING -> final transition fires it; a final status never changes again.
CREATE FUNCTION instance_callback_due() RETURNS trigger AS $$
BEGIN
    UPDATE instance_callback
       SET state = 'PENDING', next_attempt_at = now(), updated_at = now()
     WHERE instance_id = NEW.id AND state = 'WAITING';
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER workflow_instance_callback_due
    AFTER UPDATE OF status ON workflow_instance
    FOR EACH ROW
    WHEN (OLD.status = 'RUNNING' AND NEW.status <> 'RUNNING')
    EXECUTE FUNCTION instance_callback_due();
