using System.Diagnostics;
using System.Globalization;
using LoftCompare.Eval.Reports;
using LoftCompare.Eval.Statistics;
using LoftCompare.Results;
using LoftCompare.Runs;
using LoftCompare.Worker.Commands;
using LoftCompare.Worker.Serving;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace LoftCompare.Bench;

/// <summary>
/// The read side on a large run: writes a synthetic run of <c>--rows</c> result rows (10 tasks × rag, long-context and
/// self-route, realistic text and a mix of right, wrong, failed and declined rows) through the store into <c>--db</c>
/// (a SQLite path or a postgres:// URI; reused when it already holds the run), summarises it once as a run's end does,
/// then times every viewer page and API call warm (median of 5 over HTTP, the real app in this process), and with
/// <c>--loftcompare DLL</c> the <c>tradeoffs</c>, <c>report</c> and <c>export-run</c> commands as processes
/// (wall time including start-up, peak RSS by /usr/bin/time). <c>--before</c> also times the old read of a page: every
/// row of the run, summarised.
/// </summary>
public static class ReadBenchmark
{
    private const string Suite = "bench-reads";
    private const int Tasks = 10;
    private static readonly string[] Pipelines = ["long-context", "rag", "self-route"];

    public static async Task RunAsync(string db, long rows, string? loftcompare, bool before)
    {
        var store = await ResultsDatabase.OpenAsync(db);
        var runId = $"bench-reads-{rows}";
        Console.WriteLine($"## Reads of a {rows:N0}-row run ({ResultsDatabase.Describe(store)})");
        Console.WriteLine();
        if (await store.GetRunAsync(runId) is not { Status: not RunStatus.Running })
        {
            // A nightly always has a previous run: its end finds the regressions against it, and every read shows them.
            await WriteRunAsync(store, $"{runId}-previous", rows, DateTimeOffset.UtcNow.AddDays(-1), salt: 1);
            await WriteRunAsync(store, runId, rows, DateTimeOffset.UtcNow, salt: 0);
        }

        var run = (await store.GetRunAsync(runId))!;
        Console.WriteLine("| read | median (ms) |");
        Console.WriteLine("|---|---:|");
        if (before)
        {
            Print("before: every row read and summarised (what each page did)", await TimeAsync(async () =>
            {
                var results = await store.GetResultsAsync(runId);
                _ = new ResultSummarizer(Bootstrap.ForRun(run.BootstrapSeed)).Summarize(results);
            }, repetitions: 1));
        }

        Print("store: stored summaries of the run", await TimeAsync(() => StoredSummaries.ReadAsync(store, run)));
        var query = Queries(rows) / 2;
        await using (var viewer = ViewerApp.Build(store, new ViewerOptions { Port = 0, ReportsFolder = Path.GetTempPath() }, new ServiceCollection().AddLoftCompareCatalog().BuildServiceProvider().GetRequiredService<LoftCompare.Runs.LoftCompareCatalog>()))
        {
            await viewer.StartAsync();
            var address = viewer.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            using var http = new HttpClient { BaseAddress = new Uri(address) };
            foreach (var (name, path) in new[]
            {
                ("viewer: runs", "/"),
                ("viewer: run page", $"/runs/{runId}"),
                ("viewer: examples page 1", $"/runs/{runId}/examples"),
                ("viewer: examples page 2,000", $"/runs/{runId}/examples?page=2000"),
                ("viewer: examples, task t07, long context wrong", $"/runs/{runId}/examples?task=t07&pipeline=long-context&correct=false"),
                ("viewer: examples, only RAG right", $"/runs/{runId}/examples?only=rag"),
                ("viewer: examples, only RAG right, page 20", $"/runs/{runId}/examples?only=rag&page=20"),
                ("viewer: one example", $"/runs/{runId}/examples/t05/{QueryId(query)}"),
                ("api: run", $"/api/runs/{runId}"),
                ("api: examples page 2", $"/api/runs/{runId}/examples?page=2"),
                ("api: examples page 10,000", $"/api/runs/{runId}/examples?page=10000"),
            })
            {
                Print(name, await TimeAsync(async () => (await http.GetAsync(path)).EnsureSuccessStatusCode()));
            }

            await viewer.StopAsync();
        }

        if (loftcompare is not null)
        {
            Console.WriteLine();
            Console.WriteLine("| command (a process, start-up included) | wall (s) | peak RSS (MB) |");
            Console.WriteLine("|---|---:|---:|");
            var reports = Path.Combine(Path.GetTempPath(), "loftcompare-bench-reports");
            foreach (var (name, args) in new[]
            {
                ("tradeoffs --run", $"tradeoffs --run {runId} --db {db}"),
                ("report --run", $"report --run {runId} --db {db} --out {reports}"),
                ("export-run (jsonl to a file)", $"export-run {runId} --db {db} --out {Path.Combine(Path.GetTempPath(), "bench-export.jsonl")}"),
                ("export-run --format csv", $"export-run {runId} --db {db} --format csv --out {Path.Combine(Path.GetTempPath(), "bench-export.csv")}"),
            })
            {
                var (wall, rss) = await ProcessAsync(loftcompare, args);
                Console.WriteLine($"| `{name}` | {wall:0.00} | {rss} |");
            }
        }

        Console.WriteLine();
    }

    private static long Queries(long rows) => Math.Max(1, rows / (Tasks * Pipelines.Length));

    private static string QueryId(long i) => $"q{i:D6}";

    /// <summary>Rows through the store's own batch upsert (1,000 a transaction), four writers at once; then the run's end: summarised once and stored.</summary>
    private static async Task WriteRunAsync(IResultStore store, string runId, long rows, DateTimeOffset startedAt, int salt)
    {
        var queries = Queries(rows);
        await store.CreateRunAsync(new RunRecord
        {
            RunId = runId, SuiteName = Suite, SuitePath = "bench", SuiteJson = "{}", AppVersion = "bench", Host = Environment.MachineName, Tokenizer = "o200k_base",
            Models = new Dictionary<string, string>(), StartedAt = startedAt, Status = RunStatus.Running, ExamplesPlanned = queries * Tasks * Pipelines.Length, BootstrapSeed = 7,
        });
        for (var t = 0; t < Tasks; t++)
        {
            foreach (var pipeline in Pipelines)
            {
                await store.AddRunPipelineAsync(new RunPipelineRecord { RunId = runId, TaskName = $"t{t:D2}", Pipeline = pipeline, ModelId = Model(pipeline), PrepareMs = 1, SetupUsd = pipeline == "rag" ? 0.01 : 0 });
            }
        }

        var started = Stopwatch.GetTimestamp();
        var written = 0L;
        var total = queries * Tasks * Pipelines.Length;
        await Parallel.ForEachAsync(Enumerable.Range(0, Tasks * Pipelines.Length), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (line, ct) =>
        {
            var (task, pipeline) = ($"t{line / Pipelines.Length:D2}", Pipelines[line % Pipelines.Length]);
            for (var q = 0L; q < queries; q += 1_000)
            {
                await store.UpsertResultsAsync([.. Enumerable.Range(0, (int)Math.Min(1_000, queries - q)).Select(i => Row(runId, task, pipeline, q + i, line, salt))], ct);
                if (Interlocked.Add(ref written, Math.Min(1_000, queries - q)) % 100_000 < 1_000)
                {
                    Console.Error.WriteLine($"  {written:N0} of {total:N0} rows written ({written / Stopwatch.GetElapsedTime(started).TotalSeconds:N0}/s)");
                }
            }
        });
        var writing = Stopwatch.GetElapsedTime(started);

        // What ComparisonRunner does when a run ends: read every row once, derive its findings, store them.
        started = Stopwatch.GetTimestamp();
        var results = await store.GetResultsAsync(runId);
        await RunAnalyses.SaveAsync(store, runId, await RunAnalyses.ComputeAsync(store, (await store.GetRunAsync(runId))!, results), results);
        await store.FinishRunAsync(runId, RunStatus.Succeeded, null, new RunCounts(results.Count(r => r.Outcome == ExampleOutcome.Failed), results.Count(r => r.Outcome == ExampleOutcome.Declined)));
        Console.WriteLine($"{runId}: wrote {total:N0} rows in {writing.TotalSeconds:N0} s ({total / writing.TotalSeconds:N0}/s, 4 writers, 1,000 rows a transaction); the run's end (every row read once, summarised, stored) took {Stopwatch.GetElapsedTime(started).TotalSeconds:N1} s.");
        Console.WriteLine();
    }

    private static string Model(string pipeline) => pipeline switch { "rag" => "reader-8b", "long-context" => "lc-1m", _ => "reader-8b→lc-1m" };

    private static ResultRecord Row(string runId, string task, string pipeline, long q, int line, int salt)
    {
        var h = (int)((q * 2_654_435_761L + line * 40_503L + salt * 7_919L) % 1_000);
        var failed = h < 30;
        var declined = !failed && h < 40;
        var score = h % 3 == 0 ? 0.0 : 1.0;
        var error = failed ? "HttpRequestException: Connection refused (127.0.0.1:8000)" : declined ? "declined: the reader cannot answer SQL" : null;
        return new ResultRecord
        {
            RunId = runId, TaskName = task, Pipeline = pipeline, ModelId = Model(pipeline), QueryId = QueryId(q),
            Prediction = error is null ? [$"answer {h}"] : null,
            RawOutput = error is null ? $"The passages say the answer is answer {h}, as the address of {1790 + (h % 226)} puts it plainly in its third paragraph.\nFinal Answer: [\"answer {h}\"]" : null,
            RetrievedIds = pipeline == "long-context" ? [] : [.. Enumerable.Range(0, 5).Select(i => $"doc{(h + (i * 37)) % 900:D4}")],
            Scores = error is null ? new Dictionary<string, double> { ["subspan_em"] = score, ["em"] = score, ["f1"] = score == 1 ? 1 : (h % 7) / 7.0 } : new Dictionary<string, double>(),
            PrimaryMetric = "subspan_em", PrimaryScore = error is null ? score : null,
            InputTokens = error is null ? (pipeline == "rag" ? 1_200 + h : 120_000 + h) : null, OutputTokens = error is null ? 12 + (h % 20) : null,
            CostUsd = error is null ? (pipeline == "rag" ? 0.0002 : 0.018) + (h * 1e-7) : null,
            RetrievalMs = pipeline == "long-context" ? 0 : 3 + (h % 5), ModelMs = 200 + h, TotalMs = 205 + h + (pipeline == "long-context" ? 5_000 : 0),
            Error = error, Outcome = failed ? ExampleOutcome.Failed : declined ? ExampleOutcome.Declined : ExampleOutcome.Succeeded,
            GoldDepth = h / 1000.0, Attempts = failed ? 3 : 1, BackoffMs = failed ? 3_000 : 0, ModelWallMs = 200 + h, PrefixTokens = pipeline == "rag" ? 0 : 119_900,
            CacheBasis = CacheBasis.Modelled, Route = pipeline == "self-route" ? (h % 4 == 0 ? "long-context" : "rag") : null,
            RecordedAt = DateTimeOffset.UtcNow,
        };
    }

    private static async Task<TimeSpan> TimeAsync(Func<Task> read, int repetitions = 5)
    {
        await read(); // warm
        var times = new List<TimeSpan>();
        for (var i = 0; i < repetitions; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await read();
            times.Add(Stopwatch.GetElapsedTime(started));
        }

        return times.Order().ElementAt(times.Count / 2);
    }

    private static void Print(string name, TimeSpan median) => Console.WriteLine($"| {name} | {median.TotalMilliseconds.ToString("N1", CultureInfo.InvariantCulture)} |");

    /// <summary>Wall time and peak RSS of one command, as a user runs it.</summary>
    private static async Task<(double Seconds, string RssMb)> ProcessAsync(string loftcompare, string arguments)
    {
        var timed = File.Exists("/usr/bin/time");
        var start = new ProcessStartInfo(timed ? "/usr/bin/time" : "dotnet", timed ? $"-f LOFT_RSS_KB=%M dotnet {loftcompare} {arguments}" : $"{loftcompare} {arguments}")
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        var started = Stopwatch.GetTimestamp();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await output;
        await process.WaitForExitAsync();
        var wall = Stopwatch.GetElapsedTime(started).TotalSeconds;
        if (process.ExitCode != 0)
        {
            Console.Error.WriteLine($"  loftcompare {arguments} exited {process.ExitCode}: {errors.Trim()}");
        }

        var rss = errors.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("LOFT_RSS_KB=", StringComparison.Ordinal));
        return (wall, rss is null ? "n/a" : (long.Parse(rss["LOFT_RSS_KB=".Length..], CultureInfo.InvariantCulture) / 1024).ToString(CultureInfo.InvariantCulture));
    }
}
