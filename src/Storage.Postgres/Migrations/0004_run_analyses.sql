-- What a finished run's report shows beyond run_lines, aggregates and comparisons (SQLite migration 0010), derived
-- from its rows once when it ends. The document is text, not jsonb: jsonb refuses the \u0000 a model's output may hold.
CREATE TABLE run_analyses (
    run_id   text PRIMARY KEY REFERENCES runs(run_id),
    version  integer NOT NULL,
    document text NOT NULL
);

-- The reader role of read-only `query` (docs/deploy.md) was granted the tables that existed; it may read this one too.
DO $$ BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'loftcompare_reader') THEN
        GRANT SELECT ON run_analyses TO loftcompare_reader;
    END IF;
END $$;
