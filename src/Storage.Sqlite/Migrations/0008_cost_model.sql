-- Cost as a function of the work (docs/costs.md): each row keeps the cacheable prompt prefix it shared with the task's
-- other queries, where its cached-token count came from ('server', 'modelled', 'none') and its modelled GPU-seconds;
-- each (task, pipeline) keeps its one-off setup cost (embedding the corpus, filling a prefix cache) apart from
-- per-query cost; a row keeps the answering model's confidence, when it reports one, for routing replays. Comparisons gain McNemar's exact test and the 2×2 table; effective context length gets a table.
ALTER TABLE results ADD COLUMN prefix_tokens INTEGER;
ALTER TABLE results ADD COLUMN cache_basis TEXT CHECK (cache_basis IN ('none', 'server', 'modelled'));
ALTER TABLE results ADD COLUMN gpu_seconds REAL;
ALTER TABLE results ADD COLUMN confidence REAL;
ALTER TABLE results ADD COLUMN encodings_cached REAL;

ALTER TABLE run_pipelines ADD COLUMN setup_usd REAL;
ALTER TABLE run_pipelines ADD COLUMN setup_note TEXT;

ALTER TABLE comparisons ADD COLUMN mcnemar_p REAL;
ALTER TABLE comparisons ADD COLUMN both_right INTEGER;
ALTER TABLE comparisons ADD COLUMN only_a INTEGER;
ALTER TABLE comparisons ADD COLUMN only_b INTEGER;
ALTER TABLE comparisons ADD COLUMN neither INTEGER;

CREATE TABLE effective_lengths (
    run_id           TEXT NOT NULL REFERENCES runs(run_id),
    model_id         TEXT NOT NULL,
    metric           TEXT NOT NULL,
    threshold        REAL NOT NULL,
    effective_length INTEGER,
    claimed_length   INTEGER,
    scores_json      TEXT NOT NULL,
    PRIMARY KEY (run_id, model_id)
);
