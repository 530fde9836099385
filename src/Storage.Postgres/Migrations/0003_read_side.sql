-- Reads that cost the page, not the run (SQLite migration 0009). The key's text columns order byte-wise ("C"), as
-- every read orders them, so the key and results_by_query serve ORDER BY ... LIMIT without sorting the run; each row
-- keeps whether it is right (1), wrong (0) or n/a (NULL: declined) for the viewer's filters; run_lines keeps each
-- (task, pipeline, model) line's summary, written when the run ends.
ALTER TABLE results
    ALTER COLUMN task_name TYPE text COLLATE "C",
    ALTER COLUMN pipeline TYPE text COLLATE "C",
    ALTER COLUMN model_id TYPE text COLLATE "C",
    ALTER COLUMN query_id TYPE text COLLATE "C",
    ADD COLUMN correct bigint CHECK (correct IN (0, 1));
UPDATE results SET correct = CASE
    WHEN outcome = 'declined' OR (outcome IS NULL AND (left(error, 22) = 'NotSupportedException:' OR left(error, 9) = 'declined:')) THEN NULL
    WHEN error IS NULL AND primary_score >= 1 THEN 1
    ELSE 0 END;
CREATE INDEX results_by_query ON results (run_id, task_name, query_id, pipeline, model_id, correct);

CREATE TABLE run_lines (
    run_id             text NOT NULL REFERENCES runs(run_id),
    task_name          text COLLATE "C" NOT NULL,
    pipeline           text COLLATE "C" NOT NULL,
    model_id           text COLLATE "C" NOT NULL,
    primary_metric     text,
    examples           bigint NOT NULL,
    failures           bigint NOT NULL,
    declined           bigint NOT NULL,
    cost_mean          double precision,
    cost_low           double precision,
    cost_high          double precision,
    cost_n             bigint,
    mean_input_tokens  double precision,
    mean_output_tokens double precision,
    p50_total_ms       double precision,
    p95_total_ms       double precision,
    p50_retrieval_ms   double precision,
    PRIMARY KEY (run_id, task_name, pipeline, model_id)
);

-- The reader role of read-only `query` (docs/deploy.md) was granted the tables that existed; it may read this one too.
DO $$ BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'loftcompare_reader') THEN
        GRANT SELECT ON run_lines TO loftcompare_reader;
    END IF;
END $$;
