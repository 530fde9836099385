using LoftCompare.Corpora.Adapters;
using LoftCompare.Eval.Metrics;
using LoftCompare.Results;
using LoftCompare.Runs.Suites;
using LoftCompare.Storage.Sqlite;
using LoftCompare.Runs.Execution;

namespace LoftCompare.Runs.Tests.Costs;

/// <summary>Cost is a function of the work: a cold run (embedding the corpus, empty caches) and a warm one cost the same.</summary>
public sealed class CostStabilityTests : IDisposable
{
    private readonly TestWorkspace workspace = new();

    [Fact]
    public async Task The_same_suite_cold_then_warm_costs_the_same_and_long_context_costs_more_where_it_reads_20x_the_tokens()
    {
        // The default suite's prices: the extractive stand-in priced as Llama-3.1-8B on an H100 with a prefix cache.
        var suitePath = workspace.WriteSuite($$"""
            {
              "name": "stable",
              "pipelines": ["rag", "long-context", "self-route"],
              "prices": {
                "extractive-minilm": { "serving": { "card": "llama-3.1-8b", "gpu": "h100", "perHour": 2.5 }, "prefixCache": true },
                "retrieval": { "embeddingPerMillion": 0.02 }
              },
              "tasks": [
                { "name": "rag", "path": "{{TestWorkspace.Json(TestWorkspace.ShippedDataset("rag"))}}", "maxQueries": 8 },
                { "name": "retrieval", "path": "{{TestWorkspace.Json(TestWorkspace.ShippedDataset("retrieval"))}}", "maxQueries": 8 }
              ]
            }
            """);
        var (suite, json) = await SuiteLoader.LoadAsync(suitePath, TestCatalog.Vocabulary);
        var store = await SqliteResultStore.OpenAsync(workspace.DbPath);
        var runner = new ComparisonRunner(store, DatasetAdapterRegistry.BuiltIn(LoftCompare.Corpora.Tasks.TaskKinds.BuiltIn), MetricRegistry.BuiltIn(), TimeProvider.System);
        var runs = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            using var environment = RunEnvironment.Create(suite, suitePath, workspace.DataDirectory, TestCatalog.BuiltIn); // same data dir: the second run is warm
            runs.Add((await runner.RunAsync(suite, suitePath, json, environment)).RunId);
        }

        async Task<Dictionary<(string, string), (double PerQuery, double? Setup)>> CostsAsync(string runId)
        {
            var setups = (await store.GetRunPipelinesAsync(runId)).ToDictionary(p => (p.TaskName, p.Pipeline), p => p.SetupUsd);
            return (await store.GetResultsAsync(runId)).GroupBy(r => (r.TaskName, r.Pipeline))
                .ToDictionary(g => g.Key, g => (g.Average(r => r.CostUsd!.Value), setups[g.Key]));
        }

        var (cold, warm) = (await CostsAsync(runs[0]), await CostsAsync(runs[1]));
        Assert.Equal(6, cold.Count);
        Assert.Equal(cold, warm); // exactly, not within 5%: no measured time enters a price
        Assert.All(cold.Values, c => Assert.True(c.PerQuery > 0 && c.Setup > 0));

        // The reader's encodings come from the durable embedding cache on the warm run (its latency says so; its cost does not change).
        var warmRows = await store.GetResultsAsync(runs[1]);
        Assert.All(warmRows.Where(r => r.Pipeline == "long-context"), r => Assert.Equal(1.0, r.EncodingsCached));
        Assert.Contains(await store.GetResultsAsync(runs[0]), r => r.EncodingsCached < 1);

        var rows = await store.GetResultsAsync(runs[0]);
        double Tokens(string task, string pipeline) => rows.Where(r => r.TaskName == task && r.Pipeline == pipeline).Average(r => r.InputTokens!.Value);
        Assert.True(Tokens("rag", "long-context") > 15 * Tokens("rag", "rag"));
        Assert.True(cold[("rag", "long-context")].PerQuery > cold[("rag", "rag")].PerQuery);
        Assert.All(rows.Where(r => r.Pipeline == "long-context"), r => Assert.Equal((CacheBasis.Modelled, true), (r.CacheBasis!.Value, r.PrefixTokens > 0.9 * r.InputTokens)));
        Assert.All(rows.Where(r => r.ModelId.StartsWith("extractive", StringComparison.Ordinal)), r => Assert.True(r.GpuSeconds > 0));
        // The reader's confidence is recorded per row, so routing rules can be replayed later without new calls.
        Assert.All(rows.Where(r => r is { TaskName: "rag", Pipeline: "rag" }), r => Assert.InRange(r.Confidence!.Value, -1.0, 1.0));
    }

    public void Dispose() => workspace.Dispose();
}
