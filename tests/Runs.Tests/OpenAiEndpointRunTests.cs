using Dapper;
using LoftCompare.Corpora.Adapters;
using LoftCompare.Eval.Metrics;
using LoftCompare.Results;
using LoftCompare.Pipelines.Tests.Models;
using LoftCompare.Runs;
using LoftCompare.Runs.Suites;
using Microsoft.Data.Sqlite;
using LoftCompare.Storage.Sqlite;
using LoftCompare.Runs.Execution;

namespace LoftCompare.Runs.Tests;

/// <summary>A suite whose long-context model is an OpenAI-compatible endpoint (a local test server: no real one is reachable here).</summary>
public sealed class OpenAiEndpointRunTests : IDisposable
{
    private readonly TestWorkspace workspace = new();
    private readonly LocalOpenAiServer server = new();

    [Fact]
    public async Task Rows_record_server_usage_ttft_truncation_and_never_the_api_key()
    {
        Environment.SetEnvironmentVariable("LOFTCOMPARE_TEST_LLM_KEY", "sk-secret-never-stored");
        for (var i = 0; i < 3; i++)
        {
            server.Streams("ID: doc0001 | TITLE: t\nFinal Answer: ['Congress']", promptTokens: 7_400, completionTokens: 12, cachedTokens: 7_000, firstTokenDelayMs: 50, pieceDelayMs: 30);
        }

        var suitePath = workspace.WriteSuite($$"""
            {
              "name": "llm",
              "models": { "reader": "extractive-minilm", "longContext": "local-llm" },
              "endpoints": { "local-llm": { "baseUrl": "{{server.BaseUrl}}", "model": "qwen-long", "apiKeyEnv": "LOFTCOMPARE_TEST_LLM_KEY", "contextWindow": 8000, "maxOutputTokens": 64 } },
              "prices": { "local-llm": { "inputPerMillion": 2.0, "cachedInputPerMillion": 0.5, "outputPerMillion": 8.0 } },
              "tasks": [ { "name": "rag", "path": "{{TestWorkspace.Json(TestWorkspace.ShippedDataset("rag"))}}", "maxQueries": 3 } ]
            }
            """);
        var (suite, json) = await SuiteLoader.LoadAsync(suitePath, TestCatalog.Vocabulary);
        var store = await SqliteResultStore.OpenAsync(workspace.DbPath);
        using var environment = RunEnvironment.Create(suite, suitePath, workspace.DataDirectory, TestCatalog.BuiltIn);

        var summary = await new ComparisonRunner(store, DatasetAdapterRegistry.BuiltIn(LoftCompare.Corpora.Tasks.TaskKinds.BuiltIn), MetricRegistry.BuiltIn(), TimeProvider.System).RunAsync(suite, suitePath, json, environment);

        Assert.Equal((RunStatus.Succeeded, 0), (summary.Status, summary.FailedExamples));
        var rows = (await store.GetResultsAsync(summary.RunId)).Where(r => r.Pipeline == "long-context").ToList();
        Assert.Equal(3, rows.Count);
        Assert.All(rows, r =>
        {
            Assert.Equal("local-llm", r.ModelId);
            Assert.Equal((7_400L, 7_000L, 12L), (r.InputTokens, r.CachedInputTokens, r.OutputTokens));
            Assert.InRange(r.TokenizerInputTokens!.Value, 6_000, 8_000 - 64);
            Assert.Matches("corpus truncated to the first \\d+ of 160 documents to fit the 8,000-token window", r.ContextNote);
            Assert.InRange(r.TtftMs!.Value, 40, r.ModelMs!.Value);
            // The server's 7,000 cached tokens are recorded, not priced: no prefix cache is declared, so every prompt token is new.
            Assert.Equal((7_400 * 2.0 / 1e6) + (12 * 8.0 / 1e6), r.CostUsd!.Value, 12);
        });
        Assert.Equal(3, server.Requests.Count);
        Assert.Contains("OpenAI-compatible endpoint", string.Join("\n", (await store.GetRunAsync(summary.RunId))!.Models.Values));

        await using var connection = new SqliteConnection(SqliteResultStore.ConnectionStringFor(workspace.DbPath));
        var everything = string.Join('\n', await connection.QueryAsync<string>("SELECT suite_json || models_json || COALESCE(prices_json, '') FROM runs UNION ALL SELECT COALESCE(raw_output, '') || COALESCE(error, '') FROM results"));
        Assert.DoesNotContain("sk-secret-never-stored", everything);
    }

    [Fact]
    public async Task Self_route_keeps_the_declined_reader_call_and_its_fallback_as_two_calls_each_at_its_own_price()
    {
        using var longContext = new LocalOpenAiServer();
        server.ByDefaultStreams("Final Answer: ['unanswerable']"); // the reader declines every query
        longContext.ByDefaultStreams("Final Answer: ['Congress']");
        var suitePath = workspace.WriteSuite($$"""
            {
              "name": "routed",
              "pipelines": ["self-route"],
              "models": { "reader": "reader-llm", "longContext": "lc-llm" },
              "endpoints": {
                "reader-llm": { "baseUrl": "{{server.BaseUrl}}", "model": "small", "maxRetries": 0 },
                "lc-llm": { "baseUrl": "{{longContext.BaseUrl}}", "model": "long", "maxRetries": 0 }
              },
              "prices": { "reader-llm": { "inputPerMillion": 1.0, "outputPerMillion": 2.0 }, "lc-llm": { "inputPerMillion": 10.0, "outputPerMillion": 40.0 } },
              "tasks": [ { "name": "rag", "path": "{{TestWorkspace.Json(TestWorkspace.ShippedDataset("rag"))}}", "maxQueries": 2 } ]
            }
            """);
        var (suite, json) = await SuiteLoader.LoadAsync(suitePath, TestCatalog.Vocabulary);
        var store = await SqliteResultStore.OpenAsync(workspace.DbPath);
        using var environment = RunEnvironment.Create(suite, suitePath, workspace.DataDirectory, TestCatalog.BuiltIn);

        var summary = await new ComparisonRunner(store, DatasetAdapterRegistry.BuiltIn(LoftCompare.Corpora.Tasks.TaskKinds.BuiltIn), MetricRegistry.BuiltIn(), TimeProvider.System).RunAsync(suite, suitePath, json, environment);

        var rows = await store.GetResultsAsync(summary.RunId);
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r =>
        {
            Assert.Equal("long-context", r.Route);
            var (reader, fallback) = (r.ModelCalls![0], r.ModelCalls[1]);
            Assert.Equal(["reader-llm", "lc-llm"], r.ModelCalls.Select(c => c.ModelId));
            Assert.Equal((reader.InputTokens * 1.0 / 1e6) + (reader.OutputTokens * 2.0 / 1e6), reader.CostUsd!.Value, 15);
            Assert.Equal((fallback.InputTokens * 10.0 / 1e6) + (fallback.OutputTokens * 40.0 / 1e6), fallback.CostUsd!.Value, 15);
            Assert.True(fallback.InputTokens > 10 * reader.InputTokens); // the whole corpus against the top-k
            // The row's columns are the calls' totals.
            Assert.Equal(r.ModelCalls.Sum(c => c.InputTokens), r.InputTokens);
            Assert.Equal(r.ModelCalls.Sum(c => c.OutputTokens), r.OutputTokens);
            Assert.Equal(reader.CostUsd!.Value + fallback.CostUsd!.Value, r.CostUsd!.Value, 15);
            Assert.Equal(r.ModelCalls.Sum(c => c.Attempts), r.Attempts);
        });
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal(2, longContext.Requests.Count);
    }

    [Fact]
    public async Task A_stream_that_stalls_is_recorded_as_a_timeout_and_the_run_goes_on()
    {
        server.StallsAfterFirstChunk("Final Answer: ['Con").Streams("Final Answer: ['Congress']", 10, 3, 0);
        var suitePath = workspace.WriteSuite($$"""
            {
              "name": "stall",
              "pipelines": ["long-context"],
              "models": { "longContext": "local-llm" },
              "endpoints": { "local-llm": { "baseUrl": "{{server.BaseUrl}}", "model": "m", "maxRetries": 0, "streamIdleSeconds": 0.5 } },
              "tasks": [ { "name": "rag", "path": "{{TestWorkspace.Json(TestWorkspace.ShippedDataset("rag"))}}", "maxQueries": 2 } ]
            }
            """);
        var (suite, json) = await SuiteLoader.LoadAsync(suitePath, TestCatalog.Vocabulary);
        var store = await SqliteResultStore.OpenAsync(workspace.DbPath);
        using var environment = RunEnvironment.Create(suite, suitePath, workspace.DataDirectory, TestCatalog.BuiltIn);

        var summary = await new ComparisonRunner(store, DatasetAdapterRegistry.BuiltIn(LoftCompare.Corpora.Tasks.TaskKinds.BuiltIn), MetricRegistry.BuiltIn(), TimeProvider.System).RunAsync(suite, suitePath, json, environment);

        Assert.Equal((RunStatus.Failed, 1), (summary.Status, summary.FailedExamples));
        var rows = await store.GetResultsAsync(summary.RunId);
        Assert.Equal(2, rows.Count);
        Assert.Contains(rows, r => r.Error is { } error && error.Contains("the stream stalled for 0.5 s after 1 event (streamIdleSeconds)", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Error is null && r.Prediction is ["Congress"]);
    }

    [Fact]
    public async Task A_task_can_prompt_in_helmet_format_and_is_read_and_scored_by_helmets_rules()
    {
        server.Streams("Answer: Congress", promptTokens: 2_000, completionTokens: 3, cachedTokens: 0, firstTokenDelayMs: 5);
        var suitePath = workspace.WriteSuite($$"""
            {
              "name": "helmet",
              "pipelines": ["long-context"],
              "promptFormat": "loft",
              "models": { "longContext": "local-llm" },
              "endpoints": { "local-llm": { "baseUrl": "{{server.BaseUrl}}", "model": "m" } },
              "tasks": [ { "name": "rag", "path": "{{TestWorkspace.Json(TestWorkspace.ShippedDataset("rag"))}}", "maxQueries": 1, "promptFormat": "helmet" } ]
            }
            """);
        var (suite, json) = await SuiteLoader.LoadAsync(suitePath, TestCatalog.Vocabulary);
        var store = await SqliteResultStore.OpenAsync(workspace.DbPath);
        using var environment = RunEnvironment.Create(suite, suitePath, workspace.DataDirectory, TestCatalog.BuiltIn);

        var summary = await new ComparisonRunner(store, DatasetAdapterRegistry.BuiltIn(LoftCompare.Corpora.Tasks.TaskKinds.BuiltIn), MetricRegistry.BuiltIn(), TimeProvider.System).RunAsync(suite, suitePath, json, environment);

        var row = Assert.Single(await store.GetResultsAsync(summary.RunId));
        Assert.Equal(["Congress"], row.Prediction!);
        // Scored by HELMET's rules, not LOFT's: its own metric names, the better of raw and parsed output.
        Assert.Equal("substring_exact_match", row.PrimaryMetric);
        Assert.Equal(["exact_match", "f1", "substring_exact_match"], row.Scores.Keys.Order(StringComparer.Ordinal));
        Assert.True(server.Requests.TryDequeue(out var request));
        var prompt = request.Body.GetProperty("messages")[0].GetProperty("content").GetString()!;
        Assert.Contains("Document (Title: State of the Union, ", prompt);
        Assert.EndsWith("Answer:", prompt);
        Assert.DoesNotContain("| END ID:", prompt);
    }

    [Fact]
    public async Task A_local_model_folder_that_does_not_exist_stops_the_run_before_any_example()
    {
        var suitePath = workspace.WriteSuite($$"""
            {
              "name": "local",
              "models": { "longContext": "phi-local" },
              "localModels": { "phi-local": { "path": "models/phi-3-mini", "chatTemplate": "<|user|>\n{prompt}<|end|>\n<|assistant|>\n" } },
              "tasks": [ { "name": "rag", "path": "{{TestWorkspace.Json(TestWorkspace.ShippedDataset("rag"))}}", "maxQueries": 1 } ]
            }
            """);
        var (suite, _) = await SuiteLoader.LoadAsync(suitePath, TestCatalog.Vocabulary);

        var ex = Assert.Throws<SuiteException>(() => RunEnvironment.Create(suite, suitePath, workspace.DataDirectory, TestCatalog.BuiltIn));

        Assert.StartsWith("Local model 'phi-local': ONNX GenAI model folder '", ex.Message);
        Assert.Contains(Path.Combine("models", "phi-3-mini"), ex.Message);
    }

    [Fact]
    public async Task A_suite_can_compare_several_long_context_models_side_by_side()
    {
        for (var i = 0; i < 4; i++)
        {
            server.Streams("Final Answer: ['Congress']", promptTokens: 30_000, completionTokens: 4, cachedTokens: 0, firstTokenDelayMs: 5);
        }

        var suitePath = workspace.WriteSuite($$"""
            {
              "name": "two-lc",
              "pipelines": ["rag", "long-context"],
              "models": { "reader": "extractive-minilm", "longContext": ["extractive-minilm", "remote-llm"] },
              "endpoints": { "remote-llm": { "baseUrl": "{{server.BaseUrl}}", "model": "m" } },
              "tasks": [
                { "name": "rag", "path": "{{TestWorkspace.Json(TestWorkspace.ShippedDataset("rag"))}}", "maxQueries": 2 },
                { "name": "ret", "path": "{{TestWorkspace.Json(TestWorkspace.ShippedDataset("retrieval"))}}", "maxQueries": 2 }
              ]
            }
            """);
        var (suite, json) = await SuiteLoader.LoadAsync(suitePath, TestCatalog.Vocabulary);
        var store = await SqliteResultStore.OpenAsync(workspace.DbPath);
        using var environment = RunEnvironment.Create(suite, suitePath, workspace.DataDirectory, TestCatalog.BuiltIn);

        var summary = await new ComparisonRunner(store, DatasetAdapterRegistry.BuiltIn(LoftCompare.Corpora.Tasks.TaskKinds.BuiltIn), MetricRegistry.BuiltIn(), TimeProvider.System).RunAsync(suite, suitePath, json, environment);

        var rows = await store.GetResultsAsync(summary.RunId);
        Assert.Equal(
            [("rag", "long-context", "extractive-minilm"), ("rag", "long-context", "remote-llm"), ("rag", "rag", "extractive-minilm")],
            rows.Where(r => r.TaskName == "rag").Select(r => (r.TaskName, r.Pipeline, r.ModelId)).Distinct().Order());
        Assert.All(rows.Where(r => r.ModelId == "remote-llm" && r.TaskName == "rag"), r => Assert.Equal(["Congress"], r.Prediction!));
        Assert.All(rows, r => Assert.Null(r.Error));
        Assert.Equal(12, rows.Count); // 2 queries x (1 RAG + 2 LC) x 2 tasks
        Assert.Contains("OpenAI-compatible endpoint", string.Join("\n", (await store.GetRunAsync(summary.RunId))!.Models.Values));
    }

    [Fact]
    public async Task A_model_named_twice_in_one_role_is_refused()
    {
        var suitePath = workspace.WriteSuite("""{ "name": "dup", "models": { "longContext": ["a", "a"] }, "tasks": [ { "name": "t", "path": "x" } ] }""");

        Assert.Contains("'models.longContext' must name at least one model, each once", (await Assert.ThrowsAsync<SuiteException>(() => SuiteLoader.LoadAsync(suitePath, TestCatalog.Vocabulary))).Message);
    }

    [Fact]
    public async Task An_unknown_prompt_format_is_refused_naming_the_task_field()
    {
        var suitePath = workspace.WriteSuite("""{ "name": "bad", "tasks": [ { "name": "t1", "path": "x", "promptFormat": "alpaca" } ] }""");

        var ex = await Assert.ThrowsAsync<SuiteException>(() => SuiteLoader.LoadAsync(suitePath, TestCatalog.Vocabulary));

        Assert.Contains("tasks[t1].promptFormat", ex.Message);
        Assert.Contains("loft, helmet, ruler", ex.Message);
    }

    [Fact]
    public async Task With_the_response_cache_a_second_run_pays_nothing_and_its_hits_stay_out_of_latency()
    {
        for (var i = 0; i < 2; i++)
        {
            server.Streams($"Final Answer: ['answer {i}']", promptTokens: 900, completionTokens: 5, cachedTokens: 0, firstTokenDelayMs: 20);
        }

        var suitePath = workspace.WriteSuite($$"""
            {
              "name": "cached",
              "pipelines": ["long-context"],
              "responseCache": true,
              "models": { "longContext": "local-llm" },
              "endpoints": { "local-llm": { "baseUrl": "{{server.BaseUrl}}", "model": "qwen-long", "contextWindow": 1000000 } },
              "tasks": [ { "name": "rag", "path": "{{TestWorkspace.Json(TestWorkspace.ShippedDataset("rag"))}}", "maxQueries": 2 } ]
            }
            """);
        var (suite, json) = await SuiteLoader.LoadAsync(suitePath, TestCatalog.Vocabulary);
        var store = await SqliteResultStore.OpenAsync(workspace.DbPath);
        var runner = new ComparisonRunner(store, DatasetAdapterRegistry.BuiltIn(LoftCompare.Corpora.Tasks.TaskKinds.BuiltIn), MetricRegistry.BuiltIn(), TimeProvider.System);
        async Task<IReadOnlyList<ResultRecord>> RunOnceAsync()
        {
            using var environment = RunEnvironment.Create(suite, suitePath, workspace.DataDirectory, TestCatalog.BuiltIn);
            return await store.GetResultsAsync((await runner.RunAsync(suite, suitePath, json, environment)).RunId);
        }

        var first = await RunOnceAsync();
        var second = await RunOnceAsync();

        Assert.Equal(2, server.Requests.Count); // the second run sent nothing
        Assert.All(first, r => Assert.False(r.CacheHit));
        Assert.All(second, r => Assert.True(r.CacheHit));
        Assert.Equal(first.Select(r => (r.QueryId, r.Prediction, r.InputTokens)), second.Select(r => (r.QueryId, r.Prediction, r.InputTokens)));
        var summary = Assert.Single(new LoftCompare.Eval.Reports.ResultSummarizer(new LoftCompare.Eval.Statistics.Bootstrap()).Summarize(second));
        Assert.Null(summary.P50TotalMs); // every answer was replayed: no latency to report
    }

    public void Dispose()
    {
        server.Dispose();
        workspace.Dispose();
    }
}
