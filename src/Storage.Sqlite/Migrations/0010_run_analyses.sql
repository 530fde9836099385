-- What a finished run's report shows beyond run_lines, aggregates and comparisons (oracle costs, routing replay,
-- chart data, failure and decline digests, regressions), derived from its rows once when it ends (docs/performance.md).
CREATE TABLE run_analyses (
    run_id   TEXT PRIMARY KEY REFERENCES runs(run_id),
    version  INTEGER NOT NULL,
    document TEXT NOT NULL
);
