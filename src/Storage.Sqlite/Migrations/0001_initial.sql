-- Runs, the task sets each run used, and one row per (run, task, pipeline, model, query).
CREATE TABLE runs (
    run_id        TEXT PRIMARY KEY,
    suite_name    TEXT NOT NULL,
    suite_path    TEXT NOT NULL,
    suite_json    TEXT NOT NULL,
    app_version   TEXT NOT NULL,
    host          TEXT NOT NULL,
    tokenizer     TEXT NOT NULL,
    models_json   TEXT NOT NULL,
    started_at    TEXT NOT NULL,
    ended_at      TEXT,
    status        TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled')),
    error         TEXT
);

CREATE TABLE run_tasks (
    run_id        TEXT NOT NULL REFERENCES runs(run_id),
    task_name     TEXT NOT NULL,
    task_kind     TEXT NOT NULL,
    dataset_name  TEXT NOT NULL,
    adapter       TEXT NOT NULL,
    source        TEXT NOT NULL,
    split         TEXT NOT NULL,
    content_hash  TEXT NOT NULL,
    documents     INTEGER NOT NULL,
    queries       INTEGER NOT NULL,
    PRIMARY KEY (run_id, task_name)
);

CREATE TABLE results (
    run_id          TEXT NOT NULL REFERENCES runs(run_id),
    task_name       TEXT NOT NULL,
    pipeline        TEXT NOT NULL,
    model_id        TEXT NOT NULL,
    query_id        TEXT NOT NULL,
    prediction      TEXT,
    raw_output      TEXT,
    retrieved_ids   TEXT,
    scores_json     TEXT,
    primary_metric  TEXT,
    primary_score   REAL,
    input_tokens    INTEGER,
    output_tokens   INTEGER,
    retrieval_ms    REAL,
    model_ms        REAL,
    total_ms        REAL,
    error           TEXT,
    recorded_at     TEXT NOT NULL,
    PRIMARY KEY (run_id, task_name, pipeline, model_id, query_id)
);

CREATE INDEX results_by_task ON results (task_name, pipeline, model_id);
