-- The results store and job queue on PostgreSQL: the same tables and columns as the SQLite store at its migration 7,
-- with timestamptz times (read back as ISO 8601 UTC text by lc_iso) and an insertion sequence where SQLite used rowid.
CREATE OR REPLACE FUNCTION lc_iso(t timestamptz) RETURNS text LANGUAGE sql IMMUTABLE
    AS $$ SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"') $$;

CREATE TABLE runs (
    run_id            text PRIMARY KEY,
    suite_name        text NOT NULL,
    suite_path        text NOT NULL,
    suite_json        text NOT NULL,
    app_version       text NOT NULL,
    host              text NOT NULL,
    tokenizer         text NOT NULL,
    models_json       text NOT NULL,
    started_at        timestamptz NOT NULL,
    ended_at          timestamptz,
    status            text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled')),
    error             text,
    prices_json       text,
    bootstrap_seed    bigint,
    heartbeat_at      timestamptz,
    examples_planned  bigint,
    examples_failed   bigint,
    examples_declined bigint
);
CREATE INDEX runs_by_suite ON runs (suite_name, started_at);

CREATE TABLE run_tasks (
    seq           bigserial,
    run_id        text NOT NULL REFERENCES runs(run_id),
    task_name     text NOT NULL,
    task_kind     text NOT NULL,
    dataset_name  text NOT NULL,
    adapter       text NOT NULL,
    source        text NOT NULL,
    split         text NOT NULL,
    content_hash  text NOT NULL,
    documents     bigint NOT NULL,
    queries       bigint NOT NULL,
    PRIMARY KEY (run_id, task_name)
);
CREATE INDEX run_tasks_by_hash ON run_tasks (content_hash);

CREATE TABLE results (
    run_id                 text NOT NULL REFERENCES runs(run_id),
    task_name              text NOT NULL,
    pipeline               text NOT NULL,
    model_id               text NOT NULL,
    query_id               text NOT NULL,
    prediction             text,
    raw_output             text,
    retrieved_ids          text,
    scores_json            text,
    primary_metric         text,
    primary_score          double precision,
    input_tokens           bigint,
    output_tokens          bigint,
    cached_input_tokens    bigint,
    cost_usd               double precision,
    retrieval_ms           double precision,
    model_ms               double precision,
    total_ms               double precision,
    error                  text,
    recorded_at            timestamptz NOT NULL,
    gold_depth             double precision,
    ttft_ms                double precision,
    tokenizer_input_tokens bigint,
    context_note           text,
    route                  text,
    cache_hit              bigint,
    outcome                text CHECK (outcome IN ('succeeded', 'failed', 'declined')),
    attempts               bigint,
    backoff_ms             double precision,
    model_wall_ms          double precision,
    PRIMARY KEY (run_id, task_name, pipeline, model_id, query_id)
);
CREATE INDEX results_by_task ON results (task_name, pipeline, model_id);

CREATE TABLE run_pipelines (
    seq           bigserial,
    run_id        text NOT NULL REFERENCES runs(run_id),
    task_name     text NOT NULL,
    pipeline      text NOT NULL,
    model_id      text NOT NULL,
    prepare_ms    double precision NOT NULL,
    prepare_error text,
    PRIMARY KEY (run_id, task_name, pipeline, model_id)
);

CREATE TABLE datasets (
    content_hash  text PRIMARY KEY,
    dataset_name  text NOT NULL,
    task_kind     text NOT NULL,
    adapter       text NOT NULL,
    source        text NOT NULL,
    documents     bigint NOT NULL,
    queries       bigint NOT NULL,
    first_seen_at timestamptz NOT NULL
);

CREATE TABLE models (
    model_id      text PRIMARY KEY,
    label         text NOT NULL,
    first_seen_at timestamptz NOT NULL
);

CREATE TABLE jobs (
    job_id           bigserial PRIMARY KEY,
    suite_path       text NOT NULL,
    suite_key        text NOT NULL,
    schedule_slot    text,
    status           text NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    enqueued_at      timestamptz NOT NULL,
    lease_owner      text,
    lease_expires_at timestamptz,
    run_id           text REFERENCES runs(run_id),
    error            text,
    attempts         bigint NOT NULL DEFAULT 0,
    not_before       timestamptz,
    UNIQUE (suite_key, schedule_slot)
);
CREATE INDEX jobs_by_status ON jobs (status, lease_expires_at);

CREATE TABLE aggregates (
    run_id     text NOT NULL REFERENCES runs(run_id),
    task_name  text NOT NULL,
    pipeline   text NOT NULL,
    model_id   text NOT NULL,
    metric     text NOT NULL,
    n          bigint NOT NULL,
    mean       double precision NOT NULL,
    ci_low     double precision,
    ci_high    double precision,
    PRIMARY KEY (run_id, task_name, pipeline, model_id, metric)
);
CREATE INDEX aggregates_by_task ON aggregates (task_name, metric);

CREATE TABLE comparisons (
    run_id      text NOT NULL REFERENCES runs(run_id),
    task_name   text NOT NULL,
    metric      text NOT NULL,
    pipeline_a  text NOT NULL,
    model_a     text NOT NULL,
    pipeline_b  text NOT NULL,
    model_b     text NOT NULL,
    n           bigint NOT NULL,
    mean_diff   double precision NOT NULL,
    ci_low      double precision NOT NULL,
    ci_high     double precision NOT NULL,
    significant bigint NOT NULL,
    PRIMARY KEY (run_id, task_name, metric, pipeline_a, model_a, pipeline_b, model_b)
);
