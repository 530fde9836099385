using Dapper;
using LoftCompare.Eval.Results;
using Microsoft.Data.Sqlite;

namespace LoftCompare.Eval.Tests.Results;

public sealed class SqliteResultStoreTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "loftcompare-tests", Guid.NewGuid().ToString("N"));

    private string DbPath => Path.Combine(folder, "results.db");

    public static RunRecord Run(string id = "run1") => new()
    {
        RunId = id,
        SuiteName = "s",
        SuitePath = "/s.json",
        SuiteJson = "{}",
        AppVersion = "0.1",
        Host = "h",
        Tokenizer = "o200k_base",
        ModelsJson = "{\"m\":\"a model\"}",
        StartedAt = "2026-11-29T00:00:00+00:00",
        Status = "running",
    };

    public static ResultRecord Result(string queryId, double score, string? error = null) => new()
    {
        RunId = "run1",
        TaskName = "t",
        Pipeline = "rag",
        ModelId = "m",
        QueryId = queryId,
        Prediction = "[\"x\"]",
        ScoresJson = $"{{\"em\":{score}}}",
        PrimaryMetric = "em",
        PrimaryScore = score,
        InputTokens = 100,
        TotalMs = 5,
        Error = error,
        RecordedAt = "2026-11-29T00:00:01+00:00",
    };

    [Fact]
    public async Task Migrates_an_empty_database_once_and_uses_wal()
    {
        await SqliteResultStore.OpenAsync(DbPath);
        await SqliteResultStore.OpenAsync(DbPath); // reopening applies nothing twice

        await using var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        Assert.Equal("wal", await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
        Assert.Equal(SchemaMigrator.Migrations().Select(m => (long)m.Version), await connection.QueryAsync<long>("SELECT version FROM schema_migrations ORDER BY version"));
        Assert.Equal(["results", "run_tasks", "runs", "schema_migrations"], await connection.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"));
    }

    [Fact]
    public async Task Writing_the_same_example_twice_keeps_one_row_with_the_latest_values()
    {
        var store = await SqliteResultStore.OpenAsync(DbPath);
        await store.CreateRunAsync(Run());
        await store.UpsertResultAsync(Result("q1", 0));
        await store.UpsertResultAsync(Result("q2", 1));
        await store.UpsertResultAsync(Result("q1", 1));

        var rows = await store.GetResultsAsync("run1");

        Assert.Equal(["q1", "q2"], rows.Select(r => r.QueryId));
        Assert.Equal(1.0, rows[0].PrimaryScore);
        Assert.Equal(100, rows[0].InputTokens);
    }

    [Fact]
    public async Task Runs_and_their_tasks_round_trip_and_finish_with_a_status()
    {
        var store = await SqliteResultStore.OpenAsync(DbPath);
        await store.CreateRunAsync(Run());
        await store.AddRunTaskAsync(new RunTaskRecord { RunId = "run1", TaskName = "t", TaskKind = "rag", DatasetName = "d/32k", Adapter = "loft", Source = "/d", Split = "test", ContentHash = new string('a', 64), Documents = 3, Queries = 2 });
        await store.FinishRunAsync("run1", "failed", "task 'x': corpus is empty");

        var run = await store.GetRunAsync("run1");
        var tasks = await store.GetRunTasksAsync("run1");

        Assert.Equal(("failed", "task 'x': corpus is empty"), (run!.Status, run.Error));
        Assert.NotNull(run.EndedAt);
        Assert.Equal("{\"m\":\"a model\"}", run.ModelsJson);
        Assert.Equal(("d/32k", 3L, 2L), (tasks.Single().DatasetName, tasks.Single().Documents, tasks.Single().Queries));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }
}
