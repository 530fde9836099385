using Dapper;
using LoftCompare.Results;
using static LoftCompare.Eval.Tests.Results.TestRecords;
using Microsoft.Data.Sqlite;
using LoftCompare.Storage.Sqlite;

namespace LoftCompare.Storage.Tests.Sqlite;

public sealed class SqliteResultStoreTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "loftcompare-tests", Guid.NewGuid().ToString("N"));

    private string DbPath => Path.Combine(folder, "results.db");

    [Fact]
    public async Task Migrates_an_empty_database_once_and_uses_wal()
    {
        await SqliteResultStore.OpenAsync(DbPath);
        await SqliteResultStore.OpenAsync(DbPath); // reopening applies nothing twice

        await using var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        Assert.Equal("wal", await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
        Assert.Equal(SchemaMigrator.Migrations().Select(m => (long)m.Version), await connection.QueryAsync<long>("SELECT version FROM schema_migrations ORDER BY version"));
        Assert.Equal(
            ["aggregates", "comparisons", "datasets", "effective_lengths", "jobs", "models", "results", "run_analyses", "run_lines", "run_pipelines", "run_tasks", "runs", "schema_migrations", "sqlite_sequence"],
            await connection.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"));
    }

    [Fact]
    public async Task The_results_table_has_exactly_the_described_columns_and_the_schema_doc_documents_each()
    {
        await SqliteResultStore.OpenAsync(DbPath);
        await using var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        var doc = await File.ReadAllTextAsync(Path.Combine(RepoRoot(), "docs", "results-schema.md"));
        var results = doc[doc.IndexOf("## `results`", StringComparison.Ordinal)..doc.IndexOf("## `run_pipelines`", StringComparison.Ordinal)];

        Assert.Equal(
            LoftCompare.Results.Rows.ResultColumns.All.Select(c => c.Name).Order(StringComparer.Ordinal),
            (await connection.QueryAsync<string>("SELECT name FROM pragma_table_info('results')")).Order(StringComparer.Ordinal));
        Assert.All(LoftCompare.Results.Rows.ResultColumns.All, c => Assert.Contains($"`{c.Name}`", results));
    }

    [Fact]
    public async Task Every_query_in_the_schema_doc_runs_read_only_on_a_finished_run_and_the_summary_ones_find_its_lines()
    {
        var store = await SqliteResultStore.OpenAsync(DbPath);
        await store.CreateRunAsync(Run() with { SuiteName = "default" });
        foreach (var (pipeline, right) in new[] { ("rag", 1), ("long-context", 3) })
        {
            for (var q = 0; q < 4; q++)
            {
                await store.UpsertResultAsync(Result($"q{q}", q < right ? 1 : 0) with
                {
                    TaskName = "sotu-rag", Pipeline = pipeline, CostUsd = 0.001 * (q + 1),
                    Scores = new Dictionary<string, double> { ["subspan_em"] = q < right ? 1 : 0 }, PrimaryMetric = "subspan_em",
                });
            }
        }

        var run = (await store.GetRunAsync("run1"))!;
        var results = await store.GetResultsAsync("run1");
        await LoftCompare.Eval.Reports.RunAnalyses.SaveAsync(store, "run1", await LoftCompare.Eval.Reports.RunAnalyses.ComputeAsync(store, run, results), results);
        await store.FinishRunAsync("run1", RunStatus.Succeeded, null);
        var doc = await File.ReadAllTextAsync(Path.Combine(RepoRoot(), "docs", "results-schema.md"));
        var queries = System.Text.RegularExpressions.Regex.Matches(doc, "```sql\n(.*?)```", System.Text.RegularExpressions.RegexOptions.Singleline).Select(m => m.Groups[1].Value).ToList();

        var answers = new List<QueryResult>();
        foreach (var sql in queries)
        {
            answers.Add(await ReadOnlyQuery.RunAsync(DbPath, sql));
        }

        Assert.Equal(5, queries.Count);
        Assert.Equal(2, answers[0].Rows.Count); // quality per line, from the rows
        Assert.Equal(2, answers[1].Rows.Count); // quality and cost per line, from the stored lines
        Assert.Equal("rag − long-context", Assert.Single(answers[2].Rows)[3]); // the winners, on the leading metric
        Assert.Equal(2, answers[3].Rows.Count); // the trend of one metric
        Assert.Equal(2, answers[4].Rows.Count); // queries long context answered and RAG missed: q1, q2
    }

    private static string RepoRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(folder.FullName, "LoftCompare.sln")))
        {
            folder = folder.Parent ?? throw new InvalidOperationException("LoftCompare.sln not found above the test folder.");
        }

        return folder.FullName;
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
        await store.FinishRunAsync("run1", RunStatus.Failed, "task 'x': corpus is empty");

        var run = await store.GetRunAsync("run1");
        var tasks = await store.GetRunTasksAsync("run1");

        Assert.Equal((RunStatus.Failed, "task 'x': corpus is empty"), (run!.Status, run.Error));
        Assert.NotNull(run.EndedAt);
        Assert.Equal("a model", run.Models["m"]);
        Assert.Equal(("d/32k", 3L, 2L), (tasks.Single().DatasetName, tasks.Single().Documents, tasks.Single().Queries));
    }

    [Fact]
    public async Task Upgrades_a_version_1_database_keeping_every_row()
    {
        // Build the schema as version 1 left it and write a run and a result the way version 1 did.
        Directory.CreateDirectory(folder);
        await using (var v1 = new SqliteConnection(SqliteResultStore.ConnectionStringFor(DbPath)))
        {
            await v1.OpenAsync();
            Assert.Equal([1], await new SchemaMigrator().MigrateAsync(v1, targetVersion: 1));
            await v1.ExecuteAsync(
                """
                INSERT INTO runs (run_id, suite_name, suite_path, suite_json, app_version, host, tokenizer, models_json, started_at, status)
                VALUES ('old', 's', '/s.json', '{}', '0.1', 'h', 'o200k_base', '{}', '2026-11-01T00:00:00+00:00', 'succeeded');
                INSERT INTO results (run_id, task_name, pipeline, model_id, query_id, scores_json, primary_metric, primary_score, input_tokens, recorded_at)
                VALUES ('old', 't', 'rag', 'm', 'q1', '{"em":1}', 'em', 1.0, 42, '2026-11-01T00:00:01+00:00');
                """);
        }

        var store = await SqliteResultStore.OpenAsync(DbPath);

        var row = Assert.Single(await store.GetResultsAsync("old"));
        Assert.Equal((1.0, 42L), (row.PrimaryScore, row.InputTokens));
        Assert.Null(row.CostUsd);
        Assert.Null((await store.GetRunAsync("old"))!.BootstrapSeed);
        await using var connection = new SqliteConnection(SqliteResultStore.ConnectionStringFor(DbPath));
        Assert.Equal(SchemaMigrator.Migrations().Select(m => (long)m.Version), await connection.QueryAsync<long>("SELECT version FROM schema_migrations ORDER BY version"));
        Assert.Equal("ok", await connection.ExecuteScalarAsync<string>("PRAGMA integrity_check"));
    }

    [Fact]
    public async Task Aggregates_and_comparisons_are_replaced_as_a_whole()
    {
        var store = await SqliteResultStore.OpenAsync(DbPath);
        await store.CreateRunAsync(Run());
        AggregateRecord Aggregate(double mean) => new() { RunId = "run1", TaskName = "t", Pipeline = "rag", ModelId = "m", Metric = "em", N = 3, Mean = mean, CiLow = 0, CiHigh = 1 };
        var comparison = new ComparisonRecord { RunId = "run1", TaskName = "t", Metric = "em", PipelineA = "rag", ModelA = "m", PipelineB = "long-context", ModelB = "m", N = 3, MeanDiff = -0.5, CiLow = -1, CiHigh = -0.1, Significant = true };

        await store.ReplaceAggregatesAsync("run1", [Aggregate(0.2)], [comparison], []);
        await store.ReplaceAggregatesAsync("run1", [Aggregate(0.7)], [comparison], []);

        Assert.Equal(0.7, Assert.Single(await store.GetAggregatesAsync("run1")).Mean);
        Assert.True(Assert.Single(await store.GetComparisonsAsync("run1")).Significant);
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
