using Dapper;
using Microsoft.Data.Sqlite;

namespace LoftCompare.Eval.Results;

/// <summary>
/// The results database on SQLite (WAL) via Dapper. Every SQL statement for these tables lives in this file.
/// Open with <see cref="OpenAsync"/>, which applies pending migrations first.
/// </summary>
public sealed class SqliteResultStore : IResultStore
{
    // Columns are aliased to property names, so no global Dapper setting is needed.
    private const string RunColumns = "run_id AS RunId, suite_name AS SuiteName, suite_path AS SuitePath, suite_json AS SuiteJson, app_version AS AppVersion, host AS Host, tokenizer AS Tokenizer, models_json AS ModelsJson, started_at AS StartedAt, ended_at AS EndedAt, status AS Status, error AS Error";
    private const string RunTaskColumns = "run_id AS RunId, task_name AS TaskName, task_kind AS TaskKind, dataset_name AS DatasetName, adapter AS Adapter, source AS Source, split AS Split, content_hash AS ContentHash, documents AS Documents, queries AS Queries";
    private const string ResultColumns = "run_id AS RunId, task_name AS TaskName, pipeline AS Pipeline, model_id AS ModelId, query_id AS QueryId, prediction AS Prediction, raw_output AS RawOutput, retrieved_ids AS RetrievedIds, scores_json AS ScoresJson, primary_metric AS PrimaryMetric, primary_score AS PrimaryScore, input_tokens AS InputTokens, output_tokens AS OutputTokens, retrieval_ms AS RetrievalMs, model_ms AS ModelMs, total_ms AS TotalMs, error AS Error, recorded_at AS RecordedAt";

    private readonly string connectionString;

    private SqliteResultStore(string connectionString) => this.connectionString = connectionString;

    public string Path { get; private init; } = string.Empty;

    public static async Task<SqliteResultStore> OpenAsync(string path, CancellationToken cancellationToken = default)
    {
        var fullPath = System.IO.Path.GetFullPath(path);
        var folder = System.IO.Path.GetDirectoryName(fullPath);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        var connectionString = new SqliteConnectionStringBuilder { DataSource = fullPath, Pooling = false, DefaultTimeout = 30 }.ToString();
        var store = new SqliteResultStore(connectionString) { Path = fullPath };
        await using var connection = await store.ConnectAsync(cancellationToken);
        await connection.ExecuteAsync("PRAGMA journal_mode=WAL;");
        await new SchemaMigrator().MigrateAsync(connection, cancellationToken);
        return store;
    }

    public async Task CreateRunAsync(RunRecord run, CancellationToken cancellationToken = default)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO runs (run_id, suite_name, suite_path, suite_json, app_version, host, tokenizer, models_json, started_at, ended_at, status, error)
            VALUES (@RunId, @SuiteName, @SuitePath, @SuiteJson, @AppVersion, @Host, @Tokenizer, @ModelsJson, @StartedAt, @EndedAt, @Status, @Error)
            """,
            run,
            cancellationToken: cancellationToken));
    }

    public async Task AddRunTaskAsync(RunTaskRecord task, CancellationToken cancellationToken = default)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO run_tasks (run_id, task_name, task_kind, dataset_name, adapter, source, split, content_hash, documents, queries)
            VALUES (@RunId, @TaskName, @TaskKind, @DatasetName, @Adapter, @Source, @Split, @ContentHash, @Documents, @Queries)
            ON CONFLICT (run_id, task_name) DO UPDATE SET
                task_kind = excluded.task_kind, dataset_name = excluded.dataset_name, adapter = excluded.adapter, source = excluded.source,
                split = excluded.split, content_hash = excluded.content_hash, documents = excluded.documents, queries = excluded.queries
            """,
            task,
            cancellationToken: cancellationToken));
    }

    public async Task UpsertResultAsync(ResultRecord result, CancellationToken cancellationToken = default)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO results (run_id, task_name, pipeline, model_id, query_id, prediction, raw_output, retrieved_ids, scores_json,
                                 primary_metric, primary_score, input_tokens, output_tokens, retrieval_ms, model_ms, total_ms, error, recorded_at)
            VALUES (@RunId, @TaskName, @Pipeline, @ModelId, @QueryId, @Prediction, @RawOutput, @RetrievedIds, @ScoresJson,
                    @PrimaryMetric, @PrimaryScore, @InputTokens, @OutputTokens, @RetrievalMs, @ModelMs, @TotalMs, @Error, @RecordedAt)
            ON CONFLICT (run_id, task_name, pipeline, model_id, query_id) DO UPDATE SET
                prediction = excluded.prediction, raw_output = excluded.raw_output, retrieved_ids = excluded.retrieved_ids,
                scores_json = excluded.scores_json, primary_metric = excluded.primary_metric, primary_score = excluded.primary_score,
                input_tokens = excluded.input_tokens, output_tokens = excluded.output_tokens, retrieval_ms = excluded.retrieval_ms,
                model_ms = excluded.model_ms, total_ms = excluded.total_ms, error = excluded.error, recorded_at = excluded.recorded_at
            """,
            result,
            cancellationToken: cancellationToken));
    }

    public async Task FinishRunAsync(string runId, string status, string? error, CancellationToken cancellationToken = default)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE runs SET status = @status, error = @error, ended_at = @endedAt WHERE run_id = @runId",
            new { runId, status, error, endedAt = DateTimeOffset.UtcNow.ToString("O") },
            cancellationToken: cancellationToken));
    }

    public async Task<RunRecord?> GetRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<RunRecord>(new CommandDefinition(
            $"SELECT {RunColumns} FROM runs WHERE run_id = @runId", new { runId }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<RunTaskRecord>> GetRunTasksAsync(string runId, CancellationToken cancellationToken = default)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        var rows = await connection.QueryAsync<RunTaskRecord>(new CommandDefinition(
            $"SELECT {RunTaskColumns} FROM run_tasks WHERE run_id = @runId ORDER BY rowid", new { runId }, cancellationToken: cancellationToken));
        return rows.ToList();
    }

    public async Task<IReadOnlyList<ResultRecord>> GetResultsAsync(string runId, CancellationToken cancellationToken = default)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        var rows = await connection.QueryAsync<ResultRecord>(new CommandDefinition(
            $"SELECT {ResultColumns} FROM results WHERE run_id = @runId ORDER BY task_name, pipeline, model_id, query_id", new { runId }, cancellationToken: cancellationToken));
        return rows.ToList();
    }

    private async Task<SqliteConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }
}
