using Dapper;
using LoftCompare.Corpora.Adapters;
using LoftCompare.Eval.Metrics;
using LoftCompare.Eval.Reports;
using LoftCompare.Results;
using LoftCompare.Runs;
using LoftCompare.Runs.Suites;
using Microsoft.Data.Sqlite;
using LoftCompare.Storage.Sqlite;
using LoftCompare.Runs.Execution;

namespace LoftCompare.Runs.Tests;

public sealed class ComparisonRunnerTests : IDisposable
{
    private readonly TestWorkspace workspace = new();

    private async Task<(RunSummary Summary, SqliteResultStore Store)> RunAsync(string suiteJson)
    {
        var suitePath = workspace.WriteSuite(suiteJson);
        var (suite, json) = await SuiteLoader.LoadAsync(suitePath, TestCatalog.Vocabulary);
        var store = await SqliteResultStore.OpenAsync(workspace.DbPath);
        using var environment = RunEnvironment.Create(suite, suitePath, workspace.DataDirectory, TestCatalog.BuiltIn);
        var runner = new ComparisonRunner(store, DatasetAdapterRegistry.BuiltIn(LoftCompare.Corpora.Tasks.TaskKinds.BuiltIn), MetricRegistry.BuiltIn(), TimeProvider.System);
        return (await runner.RunAsync(suite, suitePath, json, environment), store);
    }

    [Fact]
    public async Task Every_new_kind_runs_end_to_end_and_sql_is_declined_as_na_by_the_extractive_reader()
    {
        string Shipped(string path) => TestWorkspace.Json(Path.Combine(AppContext.BaseDirectory, "datasets", path));
        var (summary, store) = await RunAsync($$"""
            {
              "name": "kinds",
              "pipelines": ["rag", "long-context"],
              "tasks": [
                { "name": "rerank", "path": "{{Shipped("rerank/sotu/8k")}}", "maxQueries": 3 },
                { "name": "cite", "path": "{{Shipped("citation/sotu/8k")}}", "maxQueries": 3 },
                { "name": "sql", "path": "{{Shipped("sql/tables/8k")}}", "maxQueries": 3 },
                { "name": "icl", "path": "{{Shipped("icl/spam/8k")}}", "maxQueries": 3 }
              ]
            }
            """);

        // Declined is not failed: the run succeeds with 6 declined (n/a) rows and no failure.
        Assert.Equal((RunStatus.Succeeded, 24, 0, 6), (summary.Status, summary.RowsWritten, summary.FailedExamples, summary.Declined));
        var rows = await store.GetResultsAsync(summary.RunId);
        Assert.All(rows.Where(r => r.TaskName == "sql"), r => Assert.Equal((ExampleOutcome.Declined, true), (r.Outcome, r.Error!.Contains("cannot do task kind 'sql'"))));
        Assert.All(rows.Where(r => r.TaskName != "sql"), r => Assert.Null(r.Error));
        Assert.Equal(
            [("cite", "citation_recall"), ("icl", "em"), ("rerank", "ndcg@10")],
            rows.Where(r => r.Error is null).Select(r => (r.TaskName, r.PrimaryMetric!)).Distinct().Order());
        Assert.Contains(rows, r => r.TaskName == "icl" && r.PrimaryScore == 1);
        Assert.Contains(rows, r => r.TaskName == "rerank" && r.PrimaryScore > 0);
    }

    [Fact]
    public async Task A_tiny_suite_records_one_scored_row_per_task_pipeline_and_query()
    {
        var (summary, store) = await RunAsync($$"""
            {
              "name": "tiny",
              "tasks": [
                { "name": "ret", "path": "{{TestWorkspace.Json(TestWorkspace.ShippedDataset("retrieval"))}}", "maxQueries": 4 },
                { "name": "rag", "path": "{{TestWorkspace.Json(TestWorkspace.ShippedDataset("rag"))}}", "maxQueries": 4 }
              ]
            }
            """);

        Assert.Equal((RunStatus.Succeeded, 16, 0), (summary.Status, summary.RowsWritten, summary.FailedExamples));
        var rows = await store.GetResultsAsync(summary.RunId);
        Assert.Equal(16, rows.Count);
        Assert.Equal(4, rows.Select(r => (r.TaskName, r.Pipeline)).Distinct().Count());
        Assert.All(rows, r =>
        {
            Assert.Null(r.Error);
            Assert.NotNull(r.Prediction);
            Assert.InRange(r.PrimaryScore!.Value, 0, 1);
            Assert.True(r.TotalMs > 0);
        });
        Assert.Equal(["recall@1"], rows.Where(r => r.TaskName == "ret").Select(r => r.PrimaryMetric).Distinct());
        Assert.Equal(["subspan_em"], rows.Where(r => r.TaskName == "rag").Select(r => r.PrimaryMetric).Distinct());
        // Long context pays for the whole ~32k-token corpus; RAG's reader sees five passages.
        Assert.All(rows.Where(r => r.Pipeline == "long-context"), r => Assert.InRange(r.InputTokens!.Value, 28_000, 32_768));
        Assert.All(rows.Where(r => r.TaskName == "rag" && r.Pipeline == "rag"), r => Assert.InRange(r.InputTokens!.Value, 500, 3_000));
        Assert.Contains(rows, r => r.PrimaryScore > 0); // the readers get some right on real data

        var run = await store.GetRunAsync(summary.RunId);
        Assert.Equal(RunStatus.Succeeded, run!.Status);
        Assert.Equal(2, (await store.GetRunTasksAsync(summary.RunId)).Count);
        // Aggregates with intervals and the paired RAG − long-context comparison are stored with the run.
        var aggregates = await store.GetAggregatesAsync(summary.RunId);
        Assert.Contains(aggregates, a => a is { TaskName: "rag", Pipeline: "rag", Metric: "subspan_em", N: 4 } && a.CiLow <= a.Mean && a.Mean <= a.CiHigh);
        Assert.Contains(await store.GetComparisonsAsync(summary.RunId), c => c is { TaskName: "rag", Metric: "subspan_em", PipelineA: "rag", PipelineB: "long-context", N: 4 });
        Assert.Equal(4, (await store.GetRunPipelinesAsync(summary.RunId)).Count);
        Assert.All(rows, r => Assert.Null(r.CostUsd)); // the suite set no prices

        var report = await new MarkdownReportWriter(MetricRegistry.BuiltIn()).WriteAsync(store, summary.RunId, workspace.ReportFolder);
        Assert.Contains("## Task rag (rag; leading metric: subspan_em, LOFT rules)", await File.ReadAllTextAsync(report));
    }

    [Fact]
    public async Task A_broken_task_is_recorded_as_a_failure_and_the_other_tasks_still_run()
    {
        var broken = workspace.WriteBrokenDataset();

        var (summary, store) = await RunAsync($$"""
            {
              "name": "mixed",
              "tasks": [
                { "name": "broken", "path": "{{TestWorkspace.Json(broken)}}" },
                { "name": "rag", "path": "{{TestWorkspace.Json(TestWorkspace.ShippedDataset("rag"))}}", "maxQueries": 2 }
              ]
            }
            """);

        Assert.Equal(RunStatus.Failed, summary.Status);
        Assert.Equal(4, summary.RowsWritten);
        var error = Assert.Single(summary.TaskErrors);
        Assert.Contains("task 'broken'", error);
        Assert.Contains("corpus.jsonl:2: field 'passage_text': missing", error);
        Assert.Contains("corpus.jsonl:2", (await store.GetRunAsync(summary.RunId))!.Error);

        await using var connection = new SqliteConnection($"Data Source={workspace.DbPath};Pooling=False");
        Assert.Equal(4, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM results WHERE run_id = @id", new { id = summary.RunId }));
        Assert.Equal("ok", await connection.ExecuteScalarAsync<string>("PRAGMA integrity_check"));
    }

    [Theory]
    [InlineData("dense", "dense:all-MiniLM-L6-v2")]
    [InlineData("bm25", "bm25")]
    [InlineData("hybrid", "hybrid:rrf(dense:all-MiniLM-L6-v2+bm25)")]
    public async Task The_suite_chooses_the_retriever_and_rag_rows_record_whether_the_gold_passage_was_retrieved(string method, string retrieverId)
    {
        var (summary, store) = await RunAsync($$"""
            {
              "name": "{{method}}",
              "retrieval": { "method": "{{method}}", "topK": 3 },
              "tasks": [
                { "name": "ret", "path": "{{TestWorkspace.Json(TestWorkspace.ShippedDataset("retrieval"))}}", "maxQueries": 3 },
                { "name": "rag", "path": "{{TestWorkspace.Json(TestWorkspace.ShippedDataset("rag"))}}", "maxQueries": 3 }
              ]
            }
            """);

        var rows = await store.GetResultsAsync(summary.RunId);
        Assert.Equal([retrieverId], rows.Where(r => r is { TaskName: "ret", Pipeline: "rag" }).Select(r => r.ModelId).Distinct());
        Assert.All(rows.Where(r => r is { TaskName: "rag", Pipeline: "rag" }), r =>
        {
            Assert.InRange(r.Scores["retrieval_recall"], 0, 1);
            Assert.Equal(3, r.RetrievedIds.Count);
        });
        Assert.DoesNotContain(rows.Where(r => r.Pipeline == "long-context"), r => r.Scores.ContainsKey("retrieval_recall"));
    }

    [Fact]
    public async Task Self_route_rows_record_their_route_and_are_compared_with_long_context()
    {
        var (summary, store) = await RunAsync($$"""
            {
              "name": "self-route",
              "pipelines": ["long-context", "self-route"],
              "prices": { "extractive-minilm": { "inputPerMillion": 1.0, "outputPerMillion": 2.0 } },
              "tasks": [ { "name": "rag", "path": "{{TestWorkspace.Json(TestWorkspace.ShippedDataset("rag"))}}", "maxQueries": 6 } ]
            }
            """);

        var rows = await store.GetResultsAsync(summary.RunId);
        var selfRoute = rows.Where(r => r.Pipeline == "self-route").ToList();
        Assert.Equal(6, selfRoute.Count);
        Assert.All(selfRoute, r => Assert.Contains(r.Route, new[] { "rag", "long-context" }));
        Assert.Equal(["extractive-minilm→extractive-minilm"], selfRoute.Select(r => r.ModelId).Distinct());
        // Priced by tokens only: a route through both models is charged for both calls' tokens, never for time.
        Assert.All(selfRoute, r => Assert.Equal((r.InputTokens!.Value * 1e-6) + (r.OutputTokens!.Value * 2e-6), r.CostUsd!.Value, 12));
        Assert.Contains(await store.GetComparisonsAsync(summary.RunId), c => c is { PipelineA: "self-route", PipelineB: "long-context", Metric: "subspan_em" });
        Assert.DoesNotContain(rows, r => r.Pipeline == "rag");
    }

    [Fact]
    public async Task A_qdrant_suite_without_an_address_is_refused_before_anything_runs()
    {
        var suitePath = workspace.WriteSuite("""{ "name": "q", "retrieval": { "index": "qdrant" }, "tasks": [ { "name": "t", "path": "x" } ] }""");
        var (suite, _) = await SuiteLoader.LoadAsync(suitePath, TestCatalog.Vocabulary);
        var saved = Environment.GetEnvironmentVariable("LOFTCOMPARE_QDRANT_URL");
        if (saved is not null)
        {
            return; // a configured server makes this suite valid; the Qdrant tests cover that case
        }

        var error = Assert.Throws<SuiteException>(() => RunEnvironment.Create(suite, suitePath, workspace.DataDirectory, TestCatalog.BuiltIn));
        Assert.Contains("neither 'retrieval.qdrant.url' nor LOFTCOMPARE_QDRANT_URL is set", error.Message);
    }

    public void Dispose() => workspace.Dispose();
}
