-- Cost per example, the time each pipeline spent preparing (indexing), catalogues of datasets and models,
-- the worker's job queue, and per-run aggregates and paired comparisons with bootstrap intervals.
ALTER TABLE results ADD COLUMN cached_input_tokens INTEGER;
ALTER TABLE results ADD COLUMN cost_usd REAL;
ALTER TABLE runs ADD COLUMN prices_json TEXT;
ALTER TABLE runs ADD COLUMN bootstrap_seed INTEGER;

CREATE TABLE run_pipelines (
    run_id        TEXT NOT NULL REFERENCES runs(run_id),
    task_name     TEXT NOT NULL,
    pipeline      TEXT NOT NULL,
    model_id      TEXT NOT NULL,
    prepare_ms    REAL NOT NULL,
    prepare_error TEXT,
    PRIMARY KEY (run_id, task_name, pipeline, model_id)
);

CREATE TABLE datasets (
    content_hash  TEXT PRIMARY KEY,
    dataset_name  TEXT NOT NULL,
    task_kind     TEXT NOT NULL,
    adapter       TEXT NOT NULL,
    source        TEXT NOT NULL,
    documents     INTEGER NOT NULL,
    queries       INTEGER NOT NULL,
    first_seen_at TEXT NOT NULL
);

CREATE TABLE models (
    model_id      TEXT PRIMARY KEY,
    label         TEXT NOT NULL,
    first_seen_at TEXT NOT NULL
);

CREATE TABLE jobs (
    job_id          INTEGER PRIMARY KEY AUTOINCREMENT,
    suite_path      TEXT NOT NULL,
    schedule_slot   TEXT,
    status          TEXT NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    enqueued_at     TEXT NOT NULL,
    lease_owner     TEXT,
    lease_expires_at TEXT,
    run_id          TEXT REFERENCES runs(run_id),
    error           TEXT,
    UNIQUE (suite_path, schedule_slot)
);

CREATE TABLE aggregates (
    run_id     TEXT NOT NULL REFERENCES runs(run_id),
    task_name  TEXT NOT NULL,
    pipeline   TEXT NOT NULL,
    model_id   TEXT NOT NULL,
    metric     TEXT NOT NULL,
    n          INTEGER NOT NULL,
    mean       REAL NOT NULL,
    ci_low     REAL,
    ci_high    REAL,
    PRIMARY KEY (run_id, task_name, pipeline, model_id, metric)
);

CREATE TABLE comparisons (
    run_id      TEXT NOT NULL REFERENCES runs(run_id),
    task_name   TEXT NOT NULL,
    metric      TEXT NOT NULL,
    pipeline_a  TEXT NOT NULL,
    model_a     TEXT NOT NULL,
    pipeline_b  TEXT NOT NULL,
    model_b     TEXT NOT NULL,
    n           INTEGER NOT NULL,
    mean_diff   REAL NOT NULL,
    ci_low      REAL NOT NULL,
    ci_high     REAL NOT NULL,
    significant INTEGER NOT NULL,
    PRIMARY KEY (run_id, task_name, metric, pipeline_a, model_a, pipeline_b, model_b)
);

CREATE INDEX runs_by_suite ON runs (suite_name, started_at);
CREATE INDEX run_tasks_by_hash ON run_tasks (content_hash);
CREATE INDEX aggregates_by_task ON aggregates (task_name, metric);
CREATE INDEX jobs_by_status ON jobs (status, lease_expires_at);
