-- Cost as a function of the work, McNemar and the 2×2 table, effective context length (SQLite migration 0008).
ALTER TABLE results ADD COLUMN prefix_tokens bigint;
ALTER TABLE results ADD COLUMN cache_basis text CHECK (cache_basis IN ('none', 'server', 'modelled'));
ALTER TABLE results ADD COLUMN gpu_seconds double precision;
ALTER TABLE results ADD COLUMN confidence double precision;
ALTER TABLE results ADD COLUMN encodings_cached double precision;

ALTER TABLE run_pipelines ADD COLUMN setup_usd double precision;
ALTER TABLE run_pipelines ADD COLUMN setup_note text;

ALTER TABLE comparisons ADD COLUMN mcnemar_p double precision;
ALTER TABLE comparisons ADD COLUMN both_right bigint;
ALTER TABLE comparisons ADD COLUMN only_a bigint;
ALTER TABLE comparisons ADD COLUMN only_b bigint;
ALTER TABLE comparisons ADD COLUMN neither bigint;

CREATE TABLE effective_lengths (
    run_id           text NOT NULL REFERENCES runs(run_id),
    model_id         text NOT NULL,
    metric           text NOT NULL,
    threshold        double precision NOT NULL,
    effective_length bigint,
    claimed_length   bigint,
    scores_json      text NOT NULL,
    PRIMARY KEY (run_id, model_id)
);
