-- Reliability: an explicit outcome per example (succeeded / failed / declined), attempts and backoff per example,
-- a heartbeat and failure counts per run (so an abandoned run can be told from a live one), and a job queue keyed by
-- the suite's name (not its path) with an attempt counter and a not-before time for backoff.
ALTER TABLE results ADD COLUMN outcome TEXT CHECK (outcome IN ('succeeded', 'failed', 'declined'));
ALTER TABLE results ADD COLUMN attempts INTEGER;
ALTER TABLE results ADD COLUMN backoff_ms REAL;
ALTER TABLE results ADD COLUMN model_wall_ms REAL;
UPDATE results SET outcome = CASE
    WHEN error IS NULL THEN 'succeeded'
    WHEN error LIKE 'NotSupportedException:%' THEN 'declined'
    ELSE 'failed' END;

ALTER TABLE runs ADD COLUMN heartbeat_at TEXT;
ALTER TABLE runs ADD COLUMN examples_planned INTEGER;
ALTER TABLE runs ADD COLUMN examples_failed INTEGER;
ALTER TABLE runs ADD COLUMN examples_declined INTEGER;

CREATE TABLE jobs_v2 (
    job_id           INTEGER PRIMARY KEY AUTOINCREMENT,
    suite_path       TEXT NOT NULL,
    suite_key        TEXT NOT NULL,
    schedule_slot    TEXT,
    status           TEXT NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    enqueued_at      TEXT NOT NULL,
    lease_owner      TEXT,
    lease_expires_at TEXT,
    run_id           TEXT REFERENCES runs(run_id),
    error            TEXT,
    attempts         INTEGER NOT NULL DEFAULT 0,
    not_before       TEXT,
    UNIQUE (suite_key, schedule_slot)
);
INSERT INTO jobs_v2 (job_id, suite_path, suite_key, schedule_slot, status, enqueued_at, lease_owner, lease_expires_at, run_id, error)
    SELECT job_id, suite_path, 'path:' || suite_path, schedule_slot, status, enqueued_at, lease_owner, lease_expires_at, run_id, error FROM jobs;
DROP TABLE jobs;
ALTER TABLE jobs_v2 RENAME TO jobs;
CREATE INDEX jobs_by_status ON jobs (status, lease_expires_at);
