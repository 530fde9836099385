-- Reads that cost the page, not the run (docs/performance.md). Each row keeps whether it is right (1: no error and a
-- leading score of 1), wrong (0) or n/a (NULL: declined), so the viewer's filters run in SQL; results_by_query finds
-- one example's rows and pages a run's examples in (task, query) order from the index alone; run_lines keeps each
-- (task, pipeline, model) line's summary, written when the run ends, beside its scores in aggregates.
ALTER TABLE results ADD COLUMN correct INTEGER CHECK (correct IN (0, 1));
UPDATE results SET correct = CASE
    WHEN outcome = 'declined' OR (outcome IS NULL AND (substr(error, 1, 22) = 'NotSupportedException:' OR substr(error, 1, 9) = 'declined:')) THEN NULL
    WHEN error IS NULL AND primary_score >= 1 THEN 1
    ELSE 0 END;
CREATE INDEX results_by_query ON results (run_id, task_name, query_id, pipeline, model_id, correct);

CREATE TABLE run_lines (
    run_id             TEXT NOT NULL REFERENCES runs(run_id),
    task_name          TEXT NOT NULL,
    pipeline           TEXT NOT NULL,
    model_id           TEXT NOT NULL,
    primary_metric     TEXT,
    examples           INTEGER NOT NULL,
    failures           INTEGER NOT NULL,
    declined           INTEGER NOT NULL,
    cost_mean          REAL,
    cost_low           REAL,
    cost_high          REAL,
    cost_n             INTEGER,
    mean_input_tokens  REAL,
    mean_output_tokens REAL,
    p50_total_ms       REAL,
    p95_total_ms       REAL,
    p50_retrieval_ms   REAL,
    PRIMARY KEY (run_id, task_name, pipeline, model_id)
);
