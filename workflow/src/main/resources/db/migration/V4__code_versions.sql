-- The code version (quiesce.workflow.code-version) that started an instance and that ran each of its steps, so that an
-- operator can tell when the last instance of an old version has finished. NULL for rows written before this script.
ALTER TABLE workflow_instance ADD COLUMN code_version varchar(128);
ALTER TABLE step_execution ADD COLUMN code_version varchar(128);

-- Listing by code version follows the same keyset pagination as by status or type.
CREATE INDEX workflow_instance_code_version_created_idx ON workflow_instance (code_version, created_at, id);
