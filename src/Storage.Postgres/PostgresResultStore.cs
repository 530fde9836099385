using Dapper;
using LoftCompare.Results;
using LoftCompare.Results.Rows;
using LoftCompare.Results.Sql;
using Npgsql;

namespace LoftCompare.Storage.Postgres;

/// <summary>
/// The results store and job queue on PostgreSQL (Npgsql + Dapper), for many workers on many hosts sharing one store.
/// Same contracts as the SQLite store; differences that matter: jobs are claimed with <c>FOR UPDATE SKIP LOCKED</c>;
/// leases, backoff and heartbeats use the server's clock (<c>now()</c>), so hosts with skewed clocks agree; results are
/// written idempotently with <c>ON CONFLICT</c>. Times are <c>timestamptz</c>, read back as ISO 8601 UTC text.
/// Every SQL statement for these tables lives in this file.
/// </summary>
public sealed class PostgresResultStore : IResultStore, IJobQueue
{
    private const string RunColumns = "run_id AS RunId, suite_name AS SuiteName, suite_path AS SuitePath, suite_json AS SuiteJson, app_version AS AppVersion, host AS Host, tokenizer AS Tokenizer, models_json AS ModelsJson, lc_iso(started_at) AS StartedAt, lc_iso(ended_at) AS EndedAt, status AS Status, error AS Error, prices_json AS PricesJson, bootstrap_seed AS BootstrapSeed, lc_iso(heartbeat_at) AS HeartbeatAt, examples_planned AS ExamplesPlanned, examples_failed AS ExamplesFailed, examples_declined AS ExamplesDeclined";
    private const string RunTaskColumns = "run_id AS RunId, task_name AS TaskName, task_kind AS TaskKind, dataset_name AS DatasetName, adapter AS Adapter, source AS Source, split AS Split, content_hash AS ContentHash, documents AS Documents, queries AS Queries";
    private const string RunPipelineColumns = "run_id AS RunId, task_name AS TaskName, pipeline AS Pipeline, model_id AS ModelId, prepare_ms AS PrepareMs, prepare_error AS PrepareError, setup_usd AS SetupUsd, setup_note AS SetupNote";
    private const string AggregateColumns = "run_id AS RunId, task_name AS TaskName, pipeline AS Pipeline, model_id AS ModelId, metric AS Metric, n AS N, mean AS Mean, ci_low AS CiLow, ci_high AS CiHigh";
    private const string ComparisonColumns = "run_id AS RunId, task_name AS TaskName, metric AS Metric, pipeline_a AS PipelineA, model_a AS ModelA, pipeline_b AS PipelineB, model_b AS ModelB, n AS N, mean_diff AS MeanDiff, ci_low AS CiLow, ci_high AS CiHigh, significant AS Significant, mcnemar_p AS McNemarP, both_right AS BothRight, only_a AS OnlyA, only_b AS OnlyB, neither AS Neither";
    private const string JobColumns = "job_id AS JobId, suite_path AS SuitePath, schedule_slot AS ScheduleSlot, status AS Status, lc_iso(enqueued_at) AS EnqueuedAt, lease_owner AS LeaseOwner, lc_iso(lease_expires_at) AS LeaseExpiresAt, run_id AS RunId, error AS Error, suite_key AS SuiteKey, attempts AS Attempts, lc_iso(not_before) AS NotBefore";

    private static readonly ResultReads Reads = new(SqlDialect.Postgres);

    private readonly DbCalls<NpgsqlConnection> calls;

    private PostgresResultStore(NpgsqlDataSource dataSource, string name, TransientRetry retry)
    {
        Name = name;
        calls = new DbCalls<NpgsqlConnection>(
            async cancellationToken => await dataSource.OpenConnectionAsync(cancellationToken),
            ex => ex is NpgsqlException npgsql ? PostgresConnection.Describe(name, npgsql) : new ResultsDatabaseException(name, $"failed: {ex.Message}", ex),
            name,
            retry with
            {
                OnRetry = (ex, delay) =>
                {
                    // After a restart every pooled connection is dead: drop them all rather than meet each one in turn.
                    dataSource.Clear();
                    retry.OnRetry?.Invoke(ex, delay);
                },
            });
    }

    /// <summary>The default: PostgreSQL's transient errors ridden out for up to two minutes per call.</summary>
    public static TransientRetry DefaultRetry { get; } = new(PostgresConnection.IsTransient);

    /// <summary>The store as named in messages: <c>postgres://user@host:port/database</c>, never with a password.</summary>
    public string Name { get; }

    /// <summary>Connects, refuses a schema newer than this build, and applies pending migrations (under an advisory lock, so workers starting together migrate once).</summary>
    /// <param name="connectionString">A <c>postgres://</c> URI or an Npgsql connection string (<see cref="PostgresConnection.Parse"/>).</param>
    /// <param name="retry">Which errors are ridden out and for how long (<see cref="DefaultRetry"/> when null).</param>
    public static async Task<PostgresResultStore> OpenAsync(string connectionString, CancellationToken cancellationToken = default, TransientRetry? retry = null)
    {
        var (builder, name) = PostgresConnection.Parse(connectionString);
        var store = new PostgresResultStore(new NpgsqlDataSourceBuilder(builder.ConnectionString).Build(), name, retry ?? DefaultRetry);
        await store.calls.ReadAsync(
            async connection =>
            {
                await PostgresMigrator.MigrateAsync(connection, cancellationToken);
                return 0;
            },
            cancellationToken);
        return store;
    }

    public Task CreateRunAsync(RunRecord run, CancellationToken cancellationToken = default) => calls.WriteAsync(
        async (connection, transaction) =>
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO runs (run_id, suite_name, suite_path, suite_json, app_version, host, tokenizer, models_json, started_at, ended_at, status, error, prices_json, bootstrap_seed, heartbeat_at, examples_planned, examples_failed, examples_declined)
                VALUES (@RunId, @SuiteName, @SuitePath, @SuiteJson, @AppVersion, @Host, @Tokenizer, @ModelsJson, @StartedAt::timestamptz, @EndedAt::timestamptz, @Status, @Error, @PricesJson, @BootstrapSeed, COALESCE(@HeartbeatAt::timestamptz, now()), @ExamplesPlanned, @ExamplesFailed, @ExamplesDeclined)
                """,
                RunRow.From(run),
                transaction,
                cancellationToken: cancellationToken));
            var labels = run.Models;
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO models (model_id, label, first_seen_at) VALUES (@Id, @Label, @At::timestamptz) ON CONFLICT (model_id) DO UPDATE SET label = excluded.label",
                labels.Select(l => new { Id = l.Key, Label = l.Value, At = StoredText.Of(run.StartedAt) }),
                transaction,
                cancellationToken: cancellationToken));
        },
        cancellationToken);

    public Task AddRunTaskAsync(RunTaskRecord task, CancellationToken cancellationToken = default) => calls.WriteAsync(
        async (connection, transaction) =>
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO run_tasks (run_id, task_name, task_kind, dataset_name, adapter, source, split, content_hash, documents, queries)
                VALUES (@RunId, @TaskName, @TaskKind, @DatasetName, @Adapter, @Source, @Split, @ContentHash, @Documents, @Queries)
                ON CONFLICT (run_id, task_name) DO UPDATE SET
                    task_kind = excluded.task_kind, dataset_name = excluded.dataset_name, adapter = excluded.adapter, source = excluded.source,
                    split = excluded.split, content_hash = excluded.content_hash, documents = excluded.documents, queries = excluded.queries
                """,
                task,
                transaction,
                cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO datasets (content_hash, dataset_name, task_kind, adapter, source, documents, queries, first_seen_at)
                VALUES (@ContentHash, @DatasetName, @TaskKind, @Adapter, @Source, @Documents, @Queries, now())
                ON CONFLICT (content_hash) DO NOTHING
                """,
                new { task.ContentHash, task.DatasetName, task.TaskKind, task.Adapter, task.Source, task.Documents, task.Queries },
                transaction,
                cancellationToken: cancellationToken));
        },
        cancellationToken);

    public Task AddRunPipelineAsync(RunPipelineRecord pipeline, CancellationToken cancellationToken = default) => calls.ExecuteAsync(
        """
        INSERT INTO run_pipelines (run_id, task_name, pipeline, model_id, prepare_ms, prepare_error, setup_usd, setup_note)
        VALUES (@RunId, @TaskName, @Pipeline, @ModelId, @PrepareMs, @PrepareError, @SetupUsd, @SetupNote)
        ON CONFLICT (run_id, task_name, pipeline, model_id) DO UPDATE SET prepare_ms = excluded.prepare_ms, prepare_error = excluded.prepare_error, setup_usd = excluded.setup_usd, setup_note = excluded.setup_note
        """,
        pipeline,
        cancellationToken);

    public Task UpsertResultAsync(ResultRecord result, CancellationToken cancellationToken = default) => calls.ExecuteAsync(
        ResultColumns.Upsert(SqlDialect.Postgres),
        PostgresText.Stored(ResultRow.From(result)),
        cancellationToken);

    public Task UpsertResultsAsync(IReadOnlyList<ResultRecord> results, CancellationToken cancellationToken = default) => calls.WriteAsync(
        (connection, transaction) => connection.ExecuteAsync(new CommandDefinition(ResultColumns.Upsert(SqlDialect.Postgres), results.Select(r => PostgresText.Stored(ResultRow.From(r))), transaction, cancellationToken: cancellationToken)),
        cancellationToken);

    public Task ReplaceAggregatesAsync(string runId, IReadOnlyList<AggregateRecord> aggregates, IReadOnlyList<ComparisonRecord> comparisons, IReadOnlyList<RunLineRecord> lines, CancellationToken cancellationToken = default) => calls.WriteAsync(
        async (connection, transaction) =>
        {
            await connection.ExecuteAsync(new CommandDefinition(RunLineSql.Delete, new { runId }, transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(RunLineSql.Insert, lines, transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition("DELETE FROM aggregates WHERE run_id = @runId", new { runId }, transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition("DELETE FROM comparisons WHERE run_id = @runId", new { runId }, transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO aggregates (run_id, task_name, pipeline, model_id, metric, n, mean, ci_low, ci_high)
                VALUES (@RunId, @TaskName, @Pipeline, @ModelId, @Metric, @N, @Mean, @CiLow, @CiHigh)
                """,
                aggregates,
                transaction,
                cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO comparisons (run_id, task_name, metric, pipeline_a, model_a, pipeline_b, model_b, n, mean_diff, ci_low, ci_high, significant, mcnemar_p, both_right, only_a, only_b, neither)
                VALUES (@RunId, @TaskName, @Metric, @PipelineA, @ModelA, @PipelineB, @ModelB, @N, @MeanDiff, @CiLow, @CiHigh, @Significant, @McNemarP, @BothRight, @OnlyA, @OnlyB, @Neither)
                """,
                comparisons.Select(ComparisonRow.From),
                transaction,
                cancellationToken: cancellationToken));
        },
        cancellationToken);

    public Task ReplaceRunAnalysisAsync(RunAnalysisRecord analysis, CancellationToken cancellationToken = default)
        => calls.ExecuteAsync(RunAnalysisSql.Upsert, analysis, cancellationToken);

    public Task ReplaceEffectiveLengthsAsync(string runId, IReadOnlyList<EffectiveLengthRecord> lengths, CancellationToken cancellationToken = default) => calls.WriteAsync(
        async (connection, transaction) =>
        {
            await connection.ExecuteAsync(new CommandDefinition("DELETE FROM effective_lengths WHERE run_id = @runId", new { runId }, transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(EffectiveLengthRow.Insert, lengths.Select(EffectiveLengthRow.From), transaction, cancellationToken: cancellationToken));
        },
        cancellationToken);

    public Task<IReadOnlyList<EffectiveLengthRecord>> GetEffectiveLengthsAsync(string runId, CancellationToken cancellationToken = default)
        => calls.ListAsync<EffectiveLengthRow, EffectiveLengthRecord>(r => r.ToRecord(), $"SELECT {EffectiveLengthRow.Columns} FROM effective_lengths WHERE run_id = @runId ORDER BY model_id COLLATE \"C\"", new { runId }, cancellationToken);

    public Task FinishRunAsync(string runId, RunStatus status, string? error, CancellationToken cancellationToken = default)
        => FinishRunAsync(runId, status, error, null, cancellationToken);

    public Task FinishRunAsync(string runId, RunStatus status, string? error, RunCounts? counts, CancellationToken cancellationToken = default) => calls.ExecuteAsync(
        """
        UPDATE runs SET status = @status, error = @error, ended_at = now(), heartbeat_at = now(),
            examples_failed = COALESCE(@failed, examples_failed), examples_declined = COALESCE(@declined, examples_declined)
        WHERE run_id = @runId
        """,
        new { runId, status = StoredText.Of(status), error, failed = (long?)counts?.Failed, declined = (long?)counts?.Declined },
        cancellationToken);

    public Task RecordRunEndAsync(RunRecord run, CancellationToken cancellationToken = default) => calls.ExecuteAsync(
        """
        UPDATE runs SET status = @Status, error = @Error, ended_at = @EndedAt::timestamptz, heartbeat_at = COALESCE(@HeartbeatAt::timestamptz, heartbeat_at),
            examples_failed = @ExamplesFailed, examples_declined = @ExamplesDeclined
        WHERE run_id = @RunId
        """,
        RunRow.From(run),
        cancellationToken);

    /// <summary>Marks a run alive by the server's clock (<paramref name="now"/> is not used, so hosts' clocks need not agree).</summary>
    public Task HeartbeatRunAsync(string runId, DateTimeOffset now, CancellationToken cancellationToken = default) => calls.ExecuteAsync(
        "UPDATE runs SET heartbeat_at = now() WHERE run_id = @runId AND status = 'running'",
        new { runId },
        cancellationToken);

    public async Task<bool> ReopenRunAsync(string runId, DateTimeOffset now, CancellationToken cancellationToken = default)
        => await calls.ExecuteAsync(
            "UPDATE runs SET status = 'running', ended_at = NULL, error = NULL, heartbeat_at = now() WHERE run_id = @runId",
            new { runId },
            cancellationToken) == 1;

    /// <summary>Fails runs silent for <paramref name="staleAfter"/> by the server's clock that no live lease holds.</summary>
    public Task<IReadOnlyList<string>> SweepAbandonedRunsAsync(DateTimeOffset now, TimeSpan staleAfter, CancellationToken cancellationToken = default)
        => calls.ReadAsync<IReadOnlyList<string>>(
            async c => (await c.QueryAsync<string>(new CommandDefinition(
                """
                UPDATE runs SET status = 'failed', ended_at = now(),
                    error = 'abandoned: its process ended without finishing the run (no heartbeat since ' || lc_iso(COALESCE(heartbeat_at, started_at)) || '); resume it with run --resume ' || run_id
                WHERE status = 'running' AND COALESCE(heartbeat_at, started_at) < now() - make_interval(secs => @staleSeconds)
                  AND NOT EXISTS (SELECT 1 FROM jobs WHERE jobs.run_id = runs.run_id AND jobs.status = 'running' AND jobs.lease_expires_at >= now())
                RETURNING run_id
                """,
                new { staleSeconds = staleAfter.TotalSeconds },
                cancellationToken: cancellationToken))).ToList(),
            cancellationToken);

    public Task<IReadOnlyList<RunRecord>> GetRunsAsync(CancellationToken cancellationToken = default)
        => calls.ListAsync<RunRow, RunRecord>(r => r.ToRecord(), $"SELECT {RunColumns} FROM runs ORDER BY started_at, run_id", new { }, cancellationToken);

    public Task<RunRecord?> GetRunAsync(string runId, CancellationToken cancellationToken = default)
        => calls.ReadAsync(async c => (await c.QuerySingleOrDefaultAsync<RunRow>(new CommandDefinition($"SELECT {RunColumns} FROM runs WHERE run_id = @runId", new { runId }, cancellationToken: cancellationToken)))?.ToRecord(), cancellationToken);

    public Task<RunRecord?> GetLatestRunAsync(CancellationToken cancellationToken = default)
        => calls.ReadAsync(async c => (await c.QueryFirstOrDefaultAsync<RunRow>(new CommandDefinition($"SELECT {RunColumns} FROM runs ORDER BY started_at DESC, run_id DESC LIMIT 1", cancellationToken: cancellationToken)))?.ToRecord(), cancellationToken);

    public Task<IReadOnlyList<RunRecord>> GetRunsOfSuiteAsync(string suiteName, DateTimeOffset since, CancellationToken cancellationToken = default)
        => calls.ListAsync<RunRow, RunRecord>(r => r.ToRecord(), $"SELECT {RunColumns} FROM runs WHERE suite_name = @suiteName AND started_at >= @since ORDER BY started_at, run_id", new { suiteName, since = since.ToUniversalTime() }, cancellationToken);

    public Task<IReadOnlyList<RunTaskRecord>> GetRunTasksAsync(string runId, CancellationToken cancellationToken = default)
        => calls.ListAsync<RunTaskRecord>($"SELECT {RunTaskColumns} FROM run_tasks WHERE run_id = @runId ORDER BY seq", new { runId }, cancellationToken);

    public Task<IReadOnlyList<ResultRecord>> GetResultsAsync(string runId, CancellationToken cancellationToken = default)
        => calls.ListAsync<ResultRow, ResultRecord>(r => PostgresText.Read(r).ToRecord(), Reads.All, new { runId }, cancellationToken);

    public IAsyncEnumerable<ResultRecord> StreamResultsAsync(string runId, CancellationToken cancellationToken = default)
        => calls.StreamAsync<ResultRow, ResultRecord>(r => PostgresText.Read(r).ToRecord(), Reads.All, new { runId }, cancellationToken);

    public Task<IReadOnlyList<ResultRecord>> GetResultsPageAsync(string runId, long skip, int take, CancellationToken cancellationToken = default)
        => calls.ListAsync<ResultRow, ResultRecord>(r => PostgresText.Read(r).ToRecord(), Reads.Page, new { runId, skip, take }, cancellationToken);

    public Task<long> CountResultsAsync(string runId, CancellationToken cancellationToken = default)
        => calls.ReadAsync(c => c.ExecuteScalarAsync<long>(new CommandDefinition(Reads.Count, new { runId }, cancellationToken: cancellationToken)), cancellationToken);

    public Task<IReadOnlyList<ResultRecord>> GetExampleAsync(string runId, string taskName, string queryId, CancellationToken cancellationToken = default)
        => calls.ListAsync<ResultRow, ResultRecord>(r => PostgresText.Read(r).ToRecord(), Reads.Example, new { runId, taskName, queryId }, cancellationToken);

    public Task<IReadOnlyList<ResultRecord>> GetExamplesAsync(string runId, ExampleFilter filter, long skip, int take, CancellationToken cancellationToken = default)
    {
        var (sql, parameters) = Reads.Examples(runId, filter, skip, take);
        return calls.ListAsync<ResultRow, ResultRecord>(r => PostgresText.Read(r).ToRecord(), sql, new DynamicParameters(parameters), cancellationToken);
    }

    public Task<RunAnalysisRecord?> GetRunAnalysisAsync(string runId, CancellationToken cancellationToken = default)
        => calls.ReadAsync(c => c.QuerySingleOrDefaultAsync<RunAnalysisRecord?>(new CommandDefinition(RunAnalysisSql.Select, new { runId }, cancellationToken: cancellationToken)), cancellationToken);

    public Task<IReadOnlyList<RunLineRecord>> GetRunLinesAsync(string runId, CancellationToken cancellationToken = default)
        => calls.ListAsync<RunLineRecord>(RunLineSql.Select, new { runId }, cancellationToken);

    public Task<IReadOnlyList<RunPipelineRecord>> GetRunPipelinesAsync(string runId, CancellationToken cancellationToken = default)
        => calls.ListAsync<RunPipelineRecord>($"SELECT {RunPipelineColumns} FROM run_pipelines WHERE run_id = @runId ORDER BY seq", new { runId }, cancellationToken);

    public Task<IReadOnlyList<AggregateRecord>> GetAggregatesAsync(string runId, CancellationToken cancellationToken = default)
        => calls.ListAsync<AggregateRecord>($"SELECT {AggregateColumns} FROM aggregates WHERE run_id = @runId ORDER BY task_name COLLATE \"C\", pipeline COLLATE \"C\", model_id COLLATE \"C\", metric COLLATE \"C\"", new { runId }, cancellationToken);

    public Task<IReadOnlyList<ComparisonRecord>> GetComparisonsAsync(string runId, CancellationToken cancellationToken = default)
        => calls.ListAsync<ComparisonRow, ComparisonRecord>(r => r.ToRecord(), $"SELECT {ComparisonColumns} FROM comparisons WHERE run_id = @runId ORDER BY task_name COLLATE \"C\", metric COLLATE \"C\"", new { runId }, cancellationToken);

    public Task<long?> EnqueueJobAsync(string suitePath, string suiteKey, string? scheduleSlot, DateTimeOffset now, CancellationToken cancellationToken = default)
        => calls.ReadAsync(c => c.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            """
            INSERT INTO jobs (suite_path, suite_key, schedule_slot, status, enqueued_at) VALUES (@suitePath, @suiteKey, @scheduleSlot, 'queued', now())
            ON CONFLICT (suite_key, schedule_slot) DO NOTHING
            RETURNING job_id
            """,
            new { suitePath, suiteKey, scheduleSlot },
            cancellationToken: cancellationToken)), cancellationToken);

    /// <summary>Claims the oldest available job with <c>FOR UPDATE SKIP LOCKED</c>: workers never wait on each other or take the same job; the lease runs on the server's clock.</summary>
    public Task<JobRecord?> TryLeaseJobAsync(string owner, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken = default)
        => calls.ReadAsync(async c => (await c.QuerySingleOrDefaultAsync<JobRow>(new CommandDefinition(
            $"""
            UPDATE jobs SET status = 'running', lease_owner = @owner, lease_expires_at = now() + make_interval(secs => @leaseSeconds), attempts = attempts + 1
            WHERE job_id = (SELECT job_id FROM jobs
                            WHERE (status = 'queued' AND (not_before IS NULL OR not_before <= now()))
                               OR (status = 'running' AND lease_expires_at < now())
                            ORDER BY job_id LIMIT 1
                            FOR UPDATE SKIP LOCKED)
            RETURNING {JobColumns}
            """,
            new { owner, leaseSeconds = lease.TotalSeconds },
            cancellationToken: cancellationToken)))?.ToRecord(), cancellationToken);

    /// <summary>Extends a lease by as long as the caller asked (<paramref name="until"/> minus the caller's now), counted from the server's clock.</summary>
    public async Task<bool> RenewLeaseAsync(long jobId, string owner, DateTimeOffset until, CancellationToken cancellationToken = default)
        => await calls.ExecuteAsync(
            "UPDATE jobs SET lease_expires_at = now() + make_interval(secs => @seconds) WHERE job_id = @jobId AND lease_owner = @owner AND status = 'running'",
            new { jobId, owner, seconds = Math.Max(0, (until - DateTimeOffset.UtcNow).TotalSeconds) },
            cancellationToken) == 1;

    public Task SetJobRunAsync(long jobId, string runId, CancellationToken cancellationToken = default)
        => calls.ExecuteAsync("UPDATE jobs SET run_id = @runId WHERE job_id = @jobId", new { jobId, runId }, cancellationToken);

    public async Task<bool> FinishJobAsync(long jobId, string owner, JobStatus status, string? error, CancellationToken cancellationToken = default)
        => await calls.ExecuteAsync(
            "UPDATE jobs SET status = @status, error = @error, lease_owner = NULL, lease_expires_at = NULL, not_before = NULL WHERE job_id = @jobId AND lease_owner = @owner",
            new { jobId, owner, status = StoredText.Of(status), error },
            cancellationToken) == 1;

    public async Task<bool> RetryJobLaterAsync(long jobId, string owner, string error, DateTimeOffset notBefore, CancellationToken cancellationToken = default)
        => await calls.ExecuteAsync(
            "UPDATE jobs SET status = 'queued', error = @error, lease_owner = NULL, lease_expires_at = NULL, not_before = now() + make_interval(secs => @seconds) WHERE job_id = @jobId AND lease_owner = @owner",
            new { jobId, owner, error, seconds = Math.Max(0, (notBefore - DateTimeOffset.UtcNow).TotalSeconds) },
            cancellationToken) == 1;

    public async Task<bool> ReleaseJobAsync(long jobId, string owner, CancellationToken cancellationToken = default)
        => await calls.ExecuteAsync(
            "UPDATE jobs SET status = 'queued', lease_owner = NULL, lease_expires_at = NULL, not_before = NULL, attempts = GREATEST(0, attempts - 1) WHERE job_id = @jobId AND lease_owner = @owner",
            new { jobId, owner },
            cancellationToken) == 1;

    public Task<IReadOnlyList<JobRecord>> GetJobsAsync(string? runId = null, CancellationToken cancellationToken = default)
        => calls.ListAsync<JobRow, JobRecord>(r => r.ToRecord(), $"SELECT {JobColumns} FROM jobs WHERE @runId::text IS NULL OR run_id = @runId ORDER BY job_id", new { runId }, cancellationToken);
}
