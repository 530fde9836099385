using LoftCompare.Results;
using LoftCompare.Results.Rows;
using LoftCompare.Results.Sql;
using Dapper;
using Microsoft.Data.Sqlite;

namespace LoftCompare.Storage.Sqlite;

/// <summary>
/// The results database on SQLite (WAL) via Dapper. Every SQL statement for these tables lives in this file.
/// Open with <see cref="OpenAsync"/>, which applies pending migrations first.
/// </summary>
public sealed class SqliteResultStore : IResultStore, IJobQueue
{
    // Columns are aliased to property names, so no global Dapper setting is needed.
    private const string RunColumns = "run_id AS RunId, suite_name AS SuiteName, suite_path AS SuitePath, suite_json AS SuiteJson, app_version AS AppVersion, host AS Host, tokenizer AS Tokenizer, models_json AS ModelsJson, started_at AS StartedAt, ended_at AS EndedAt, status AS Status, error AS Error, prices_json AS PricesJson, bootstrap_seed AS BootstrapSeed, heartbeat_at AS HeartbeatAt, examples_planned AS ExamplesPlanned, examples_failed AS ExamplesFailed, examples_declined AS ExamplesDeclined";
    private const string RunTaskColumns = "run_id AS RunId, task_name AS TaskName, task_kind AS TaskKind, dataset_name AS DatasetName, adapter AS Adapter, source AS Source, split AS Split, content_hash AS ContentHash, documents AS Documents, queries AS Queries";
    private const string RunPipelineColumns = "run_id AS RunId, task_name AS TaskName, pipeline AS Pipeline, model_id AS ModelId, prepare_ms AS PrepareMs, prepare_error AS PrepareError, setup_usd AS SetupUsd, setup_note AS SetupNote";
    private const string AggregateColumns = "run_id AS RunId, task_name AS TaskName, pipeline AS Pipeline, model_id AS ModelId, metric AS Metric, n AS N, mean AS Mean, ci_low AS CiLow, ci_high AS CiHigh";
    private const string ComparisonColumns = "run_id AS RunId, task_name AS TaskName, metric AS Metric, pipeline_a AS PipelineA, model_a AS ModelA, pipeline_b AS PipelineB, model_b AS ModelB, n AS N, mean_diff AS MeanDiff, ci_low AS CiLow, ci_high AS CiHigh, significant AS Significant, mcnemar_p AS McNemarP, both_right AS BothRight, only_a AS OnlyA, only_b AS OnlyB, neither AS Neither";

    private const string JobColumns = "job_id AS JobId, suite_path AS SuitePath, schedule_slot AS ScheduleSlot, status AS Status, enqueued_at AS EnqueuedAt, lease_owner AS LeaseOwner, lease_expires_at AS LeaseExpiresAt, run_id AS RunId, error AS Error, suite_key AS SuiteKey, attempts AS Attempts, not_before AS NotBefore";

    private static readonly ResultReads Reads = new(SqlDialect.Sqlite);

    private readonly DbCalls<SqliteConnection> calls;

    private SqliteResultStore(string path)
    {
        Path = path;
        var connectionString = ConnectionStringFor(path);
        calls = new DbCalls<SqliteConnection>(
            async cancellationToken =>
            {
                var connection = new SqliteConnection(connectionString);
                try
                {
                    await connection.OpenAsync(cancellationToken);
                    return connection;
                }
                catch
                {
                    await connection.DisposeAsync();
                    throw;
                }
            },
            ex => ex is SqliteException sqlite ? SqliteErrors.Describe(path, sqlite) : new ResultsDatabaseException(path, $"failed: {ex.Message}", ex),
            path);
    }

    public string Path { get; }

    /// <summary>
    /// Opens (creating when missing) the results database, checks it is a sound SQLite database written by this or an
    /// older LoftCompare, and applies pending migrations. Every failure names the path and says what is wrong.
    /// </summary>
    /// <exception cref="ResultsDatabaseException">A directory, not a database, malformed, read-only, or written by a newer LoftCompare.</exception>
    /// <param name="checkWholeFile">
    /// Read every page first (<c>PRAGMA quick_check</c>), so a torn file is refused before anything is written to it; a
    /// command that only reads may skip it (its time grows with the file: about 3 s a gigabyte here), since a damaged
    /// page it reads is reported as malformed when read.
    /// </param>
    public static async Task<SqliteResultStore> OpenAsync(string path, CancellationToken cancellationToken = default, bool checkWholeFile = true)
    {
        var fullPath = System.IO.Path.GetFullPath(path);
        if (Directory.Exists(fullPath))
        {
            throw new ResultsDatabaseException(fullPath, "is a directory, not a database file");
        }

        var folder = System.IO.Path.GetDirectoryName(fullPath);
        if (!string.IsNullOrEmpty(folder))
        {
            try
            {
                Directory.CreateDirectory(folder);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new ResultsDatabaseException(fullPath, $"its folder cannot be created ({ex.Message})");
            }
        }

        var store = new SqliteResultStore(fullPath);
        await store.calls.ReadAsync(
            async connection =>
            {
                // Without the whole-file check, reading the schema still refuses a file that is not a database at all.
                var check = checkWholeFile ? await connection.ExecuteScalarAsync<string>("PRAGMA quick_check;") : await connection.ExecuteScalarAsync<long>("PRAGMA schema_version;") >= 0 ? "ok" : "no schema";
                if (!string.Equals(check, "ok", StringComparison.OrdinalIgnoreCase))
                {
                    throw new ResultsDatabaseException(fullPath, $"is malformed (SQLite quick_check: {check}); restore it from a backup or move it aside");
                }

                await connection.ExecuteAsync("PRAGMA journal_mode=WAL;");
                await new SchemaMigrator().MigrateAsync(connection, cancellationToken: cancellationToken);
                return 0;
            },
            cancellationToken);
        return store;
    }

    /// <summary>The connection string this store uses for a database file (no pooling, 30 s busy timeout).</summary>
    public static string ConnectionStringFor(string path, SqliteOpenMode mode = SqliteOpenMode.ReadWriteCreate)
        => new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, DefaultTimeout = 30, Mode = mode }.ToString();

    public Task CreateRunAsync(RunRecord run, CancellationToken cancellationToken = default) => calls.WriteAsync(
        async (connection, transaction) =>
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO runs (run_id, suite_name, suite_path, suite_json, app_version, host, tokenizer, models_json, started_at, ended_at, status, error, prices_json, bootstrap_seed, heartbeat_at, examples_planned, examples_failed, examples_declined)
                VALUES (@RunId, @SuiteName, @SuitePath, @SuiteJson, @AppVersion, @Host, @Tokenizer, @ModelsJson, @StartedAt, @EndedAt, @Status, @Error, @PricesJson, @BootstrapSeed, COALESCE(@HeartbeatAt, @StartedAt), @ExamplesPlanned, @ExamplesFailed, @ExamplesDeclined)
                """,
                RunRow.From(run),
                transaction,
                cancellationToken: cancellationToken));
            var labels = run.Models;
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO models (model_id, label, first_seen_at) VALUES (@Id, @Label, @At) ON CONFLICT (model_id) DO UPDATE SET label = excluded.label",
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
                VALUES (@ContentHash, @DatasetName, @TaskKind, @Adapter, @Source, @Documents, @Queries, @At)
                ON CONFLICT (content_hash) DO NOTHING
                """,
                new { task.ContentHash, task.DatasetName, task.TaskKind, task.Adapter, task.Source, task.Documents, task.Queries, At = DateTimeOffset.UtcNow.ToString("O") },
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
        ResultColumns.Upsert(SqlDialect.Sqlite),
        ResultRow.From(result),
        cancellationToken);

    public Task UpsertResultsAsync(IReadOnlyList<ResultRecord> results, CancellationToken cancellationToken = default) => calls.WriteAsync(
        (connection, transaction) => connection.ExecuteAsync(new CommandDefinition(ResultColumns.Upsert(SqlDialect.Sqlite), results.Select(ResultRow.From), transaction, cancellationToken: cancellationToken)),
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
        => calls.ListAsync<EffectiveLengthRow, EffectiveLengthRecord>(r => r.ToRecord(), $"SELECT {EffectiveLengthRow.Columns} FROM effective_lengths WHERE run_id = @runId ORDER BY model_id", new { runId }, cancellationToken);

    public Task FinishRunAsync(string runId, RunStatus status, string? error, CancellationToken cancellationToken = default)
        => FinishRunAsync(runId, status, error, null, cancellationToken);

    public Task FinishRunAsync(string runId, RunStatus status, string? error, RunCounts? counts, CancellationToken cancellationToken = default) => calls.ExecuteAsync(
        """
        UPDATE runs SET status = @status, error = @error, ended_at = @endedAt, heartbeat_at = @endedAt,
            examples_failed = COALESCE(@failed, examples_failed), examples_declined = COALESCE(@declined, examples_declined)
        WHERE run_id = @runId
        """,
        new { runId, status = StoredText.Of(status), error, endedAt = StoredText.Of(DateTimeOffset.UtcNow), failed = counts?.Failed, declined = counts?.Declined },
        cancellationToken);

    public Task RecordRunEndAsync(RunRecord run, CancellationToken cancellationToken = default) => calls.ExecuteAsync(
        """
        UPDATE runs SET status = @Status, error = @Error, ended_at = @EndedAt, heartbeat_at = COALESCE(@HeartbeatAt, heartbeat_at),
            examples_failed = @ExamplesFailed, examples_declined = @ExamplesDeclined
        WHERE run_id = @RunId
        """,
        RunRow.From(run),
        cancellationToken);

    /// <summary>Marks a run alive; a run whose heartbeat stops is failed by <see cref="SweepAbandonedRunsAsync"/>.</summary>
    public Task HeartbeatRunAsync(string runId, DateTimeOffset now, CancellationToken cancellationToken = default) => calls.ExecuteAsync(
        "UPDATE runs SET heartbeat_at = @now WHERE run_id = @runId AND status = 'running'",
        new { runId, now = now.ToUniversalTime().ToString("O") },
        cancellationToken);

    /// <summary>Sets a cancelled or failed run running again, to be resumed; false when the run does not exist.</summary>
    public async Task<bool> ReopenRunAsync(string runId, DateTimeOffset now, CancellationToken cancellationToken = default)
        => await calls.ExecuteAsync(
            "UPDATE runs SET status = 'running', ended_at = NULL, error = NULL, heartbeat_at = @now WHERE run_id = @runId",
            new { runId, now = now.ToUniversalTime().ToString("O") },
            cancellationToken) == 1;

    /// <summary>
    /// Fails every run still marked running whose heartbeat is older than <paramref name="staleAfter"/> and which no live
    /// job lease holds: its process ended without finishing it (killed, crashed, or the disk went away). Returns their ids.
    /// </summary>
    public Task<IReadOnlyList<string>> SweepAbandonedRunsAsync(DateTimeOffset now, TimeSpan staleAfter, CancellationToken cancellationToken = default) => calls.WriteAsync<IReadOnlyList<string>>(
        async (connection, transaction) =>
        {
            var nowText = now.ToUniversalTime().ToString("O");
            var ids = (await connection.QueryAsync<string>(new CommandDefinition(
                $"""
                UPDATE runs SET status = 'failed', ended_at = @now,
                    error = 'abandoned: its process ended without finishing the run (no heartbeat since ' || COALESCE(heartbeat_at, started_at) || '); resume it with run --resume ' || run_id
                WHERE status = 'running' AND COALESCE(heartbeat_at, started_at) < @cutoff
                  AND NOT EXISTS (SELECT 1 FROM jobs WHERE jobs.run_id = runs.run_id AND jobs.status = 'running' AND jobs.lease_expires_at >= @now)
                RETURNING run_id
                """,
                new { now = nowText, cutoff = (now - staleAfter).ToUniversalTime().ToString("O") },
                transaction,
                cancellationToken: cancellationToken))).ToList();
            return ids;
        },
        cancellationToken);

    public Task<IReadOnlyList<RunRecord>> GetRunsAsync(CancellationToken cancellationToken = default)
        => calls.ListAsync<RunRow, RunRecord>(r => r.ToRecord(), $"SELECT {RunColumns} FROM runs ORDER BY started_at, run_id", new { }, cancellationToken);

    public Task<RunRecord?> GetRunAsync(string runId, CancellationToken cancellationToken = default)
        => calls.ReadAsync(async c => (await c.QuerySingleOrDefaultAsync<RunRow>(new CommandDefinition($"SELECT {RunColumns} FROM runs WHERE run_id = @runId", new { runId }, cancellationToken: cancellationToken)))?.ToRecord(), cancellationToken);

    /// <summary>The most recent run, or null for an empty database.</summary>
    public Task<RunRecord?> GetLatestRunAsync(CancellationToken cancellationToken = default)
        => calls.ReadAsync(async c => (await c.QueryFirstOrDefaultAsync<RunRow>(new CommandDefinition($"SELECT {RunColumns} FROM runs ORDER BY started_at DESC, run_id DESC LIMIT 1", cancellationToken: cancellationToken)))?.ToRecord(), cancellationToken);

    /// <summary>Runs of a suite started at or after <paramref name="since"/>, oldest first.</summary>
    public Task<IReadOnlyList<RunRecord>> GetRunsOfSuiteAsync(string suiteName, DateTimeOffset since, CancellationToken cancellationToken = default)
        => calls.ListAsync<RunRow, RunRecord>(r => r.ToRecord(), 
            $"SELECT {RunColumns} FROM runs WHERE suite_name = @suiteName AND started_at >= @since ORDER BY started_at, run_id",
            new { suiteName, since = since.ToUniversalTime().ToString("O") },
            cancellationToken);

    public Task<IReadOnlyList<RunTaskRecord>> GetRunTasksAsync(string runId, CancellationToken cancellationToken = default)
        => calls.ListAsync<RunTaskRecord>($"SELECT {RunTaskColumns} FROM run_tasks WHERE run_id = @runId ORDER BY rowid", new { runId }, cancellationToken);

    public Task<IReadOnlyList<ResultRecord>> GetResultsAsync(string runId, CancellationToken cancellationToken = default)
        => calls.ListAsync<ResultRow, ResultRecord>(r => r.ToRecord(), Reads.All, new { runId }, cancellationToken);

    public IAsyncEnumerable<ResultRecord> StreamResultsAsync(string runId, CancellationToken cancellationToken = default)
        => calls.StreamAsync<ResultRow, ResultRecord>(r => r.ToRecord(), Reads.All, new { runId }, cancellationToken);

    public Task<IReadOnlyList<ResultRecord>> GetResultsPageAsync(string runId, long skip, int take, CancellationToken cancellationToken = default)
        => calls.ListAsync<ResultRow, ResultRecord>(r => r.ToRecord(), Reads.Page, new { runId, skip, take }, cancellationToken);

    public Task<long> CountResultsAsync(string runId, CancellationToken cancellationToken = default)
        => calls.ReadAsync(c => c.ExecuteScalarAsync<long>(new CommandDefinition(Reads.Count, new { runId }, cancellationToken: cancellationToken)), cancellationToken);

    public Task<IReadOnlyList<ResultRecord>> GetExampleAsync(string runId, string taskName, string queryId, CancellationToken cancellationToken = default)
        => calls.ListAsync<ResultRow, ResultRecord>(r => r.ToRecord(), Reads.Example, new { runId, taskName, queryId }, cancellationToken);

    public Task<IReadOnlyList<ResultRecord>> GetExamplesAsync(string runId, ExampleFilter filter, long skip, int take, CancellationToken cancellationToken = default)
    {
        var (sql, parameters) = Reads.Examples(runId, filter, skip, take);
        return calls.ListAsync<ResultRow, ResultRecord>(r => r.ToRecord(), sql, new DynamicParameters(parameters), cancellationToken);
    }

    public Task<RunAnalysisRecord?> GetRunAnalysisAsync(string runId, CancellationToken cancellationToken = default)
        => calls.ReadAsync(c => c.QuerySingleOrDefaultAsync<RunAnalysisRecord?>(new CommandDefinition(RunAnalysisSql.Select, new { runId }, cancellationToken: cancellationToken)), cancellationToken);

    public Task<IReadOnlyList<RunLineRecord>> GetRunLinesAsync(string runId, CancellationToken cancellationToken = default)
        => calls.ListAsync<RunLineRecord>(RunLineSql.Select, new { runId }, cancellationToken);

    public Task<IReadOnlyList<RunPipelineRecord>> GetRunPipelinesAsync(string runId, CancellationToken cancellationToken = default)
        => calls.ListAsync<RunPipelineRecord>($"SELECT {RunPipelineColumns} FROM run_pipelines WHERE run_id = @runId ORDER BY rowid", new { runId }, cancellationToken);

    public Task<IReadOnlyList<AggregateRecord>> GetAggregatesAsync(string runId, CancellationToken cancellationToken = default)
        => calls.ListAsync<AggregateRecord>($"SELECT {AggregateColumns} FROM aggregates WHERE run_id = @runId ORDER BY task_name, pipeline, model_id, metric", new { runId }, cancellationToken);

    public Task<IReadOnlyList<ComparisonRecord>> GetComparisonsAsync(string runId, CancellationToken cancellationToken = default)
        => calls.ListAsync<ComparisonRow, ComparisonRecord>(r => r.ToRecord(), $"SELECT {ComparisonColumns} FROM comparisons WHERE run_id = @runId ORDER BY task_name, metric", new { runId }, cancellationToken);

    /// <summary>
    /// Enqueues a job; with a schedule slot, at most one job per (suite key, slot) ever exists, however many workers try
    /// and whatever path each reaches the suite by. Returns the new job's id, or null when the slot was already enqueued.
    /// </summary>
    /// <param name="suiteKey">The suite's identity (its name), the same on every host.</param>
    public Task<long?> EnqueueJobAsync(string suitePath, string suiteKey, string? scheduleSlot, DateTimeOffset now, CancellationToken cancellationToken = default)
        => calls.ReadAsync(c => c.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            """
            INSERT INTO jobs (suite_path, suite_key, schedule_slot, status, enqueued_at) VALUES (@suitePath, @suiteKey, @scheduleSlot, 'queued', @now)
            ON CONFLICT (suite_key, schedule_slot) DO NOTHING
            RETURNING job_id
            """,
            new { suitePath, suiteKey, scheduleSlot, now = now.ToUniversalTime().ToString("O") },
            cancellationToken: cancellationToken)), cancellationToken);

    /// <summary>
    /// Leases the oldest job that is queued (and past its backoff) or whose lease has expired (its worker died), in one
    /// statement so two workers never take the same job. Each lease counts as an attempt, so a job that kills its
    /// worker is not retried for ever.
    /// </summary>
    public Task<JobRecord?> TryLeaseJobAsync(string owner, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken = default)
        => calls.ReadAsync(async c => (await c.QuerySingleOrDefaultAsync<JobRow>(new CommandDefinition(
            $"""
            UPDATE jobs SET status = 'running', lease_owner = @owner, lease_expires_at = @until, attempts = attempts + 1
            WHERE job_id = (SELECT job_id FROM jobs
                            WHERE (status = 'queued' AND (not_before IS NULL OR not_before <= @now))
                               OR (status = 'running' AND lease_expires_at < @now)
                            ORDER BY job_id LIMIT 1)
            RETURNING {JobColumns}
            """,
            new { owner, now = now.ToUniversalTime().ToString("O"), until = (now + lease).ToUniversalTime().ToString("O") },
            cancellationToken: cancellationToken)))?.ToRecord(), cancellationToken);

    /// <summary>Extends a lease; false when the lease is no longer ours (it expired and another worker took the job).</summary>
    public async Task<bool> RenewLeaseAsync(long jobId, string owner, DateTimeOffset until, CancellationToken cancellationToken = default)
        => await calls.ExecuteAsync(
            "UPDATE jobs SET lease_expires_at = @until WHERE job_id = @jobId AND lease_owner = @owner AND status = 'running'",
            new { jobId, owner, until = until.ToUniversalTime().ToString("O") },
            cancellationToken) == 1;

    public Task SetJobRunAsync(long jobId, string runId, CancellationToken cancellationToken = default)
        => calls.ExecuteAsync("UPDATE jobs SET run_id = @runId WHERE job_id = @jobId", new { jobId, runId }, cancellationToken);

    /// <summary>Ends a job we hold: <c>succeeded</c>/<c>failed</c>/<c>cancelled</c>, or back to <c>queued</c> (lease released) to be resumed.</summary>
    public async Task<bool> FinishJobAsync(long jobId, string owner, JobStatus status, string? error, CancellationToken cancellationToken = default)
        => await calls.ExecuteAsync(
            "UPDATE jobs SET status = @status, error = @error, lease_owner = NULL, lease_expires_at = NULL, not_before = NULL WHERE job_id = @jobId AND lease_owner = @owner",
            new { jobId, owner, status = StoredText.Of(status), error },
            cancellationToken) == 1;

    /// <summary>Hands a job back to the queue after its worker was asked to stop; being stopped does not count as an attempt.</summary>
    public async Task<bool> ReleaseJobAsync(long jobId, string owner, CancellationToken cancellationToken = default)
        => await calls.ExecuteAsync(
            "UPDATE jobs SET status = 'queued', lease_owner = NULL, lease_expires_at = NULL, not_before = NULL, attempts = MAX(0, attempts - 1) WHERE job_id = @jobId AND lease_owner = @owner",
            new { jobId, owner },
            cancellationToken) == 1;

    /// <summary>Hands a job that failed back to the queue, not to be leased before <paramref name="notBefore"/> (backoff).</summary>
    public async Task<bool> RetryJobLaterAsync(long jobId, string owner, string error, DateTimeOffset notBefore, CancellationToken cancellationToken = default)
        => await calls.ExecuteAsync(
            "UPDATE jobs SET status = 'queued', error = @error, lease_owner = NULL, lease_expires_at = NULL, not_before = @notBefore WHERE job_id = @jobId AND lease_owner = @owner",
            new { jobId, owner, error, notBefore = notBefore.ToUniversalTime().ToString("O") },
            cancellationToken) == 1;

    public Task<IReadOnlyList<JobRecord>> GetJobsAsync(string? runId = null, CancellationToken cancellationToken = default)
        => calls.ListAsync<JobRow, JobRecord>(r => r.ToRecord(), $"SELECT {JobColumns} FROM jobs WHERE @runId IS NULL OR run_id = @runId ORDER BY job_id", new { runId }, cancellationToken);
}
