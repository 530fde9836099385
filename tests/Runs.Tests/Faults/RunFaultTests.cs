using Dapper;
using LoftCompare.Results;
using LoftCompare.Pipelines.Tests.Models;
using LoftCompare.Runs;
using Microsoft.Data.Sqlite;
using LoftCompare.Storage.Sqlite;
using LoftCompare.Runs.Execution;
using LoftCompare.Runs.Launching;
using LoftCompare.Runs.Suites;

namespace LoftCompare.Runs.Tests.Faults;

/// <summary>Faults inside a run (docs/reliability.md): each ends as a clear recorded failure or a correct result.</summary>
public sealed class RunFaultTests : IDisposable
{
    private readonly TestWorkspace workspace = new();
    private readonly LocalOpenAiServer server = new();

    private string EndpointSuite(int queries, int maxRetries) => workspace.WriteSuite($$"""
        {
          "name": "faults",
          "pipelines": ["long-context"],
          "models": { "longContext": "local-llm" },
          "endpoints": { "local-llm": { "baseUrl": "{{server.BaseUrl}}", "model": "m", "maxRetries": {{maxRetries}} } },
          "tasks": [ { "name": "rag", "path": "{{TestWorkspace.Json(TestWorkspace.ShippedDataset("rag"))}}", "maxQueries": {{queries}} } ]
        }
        """);

    private async Task<(RunSummary Summary, SqliteResultStore Store)> LaunchAsync(string suitePath, double maxFailedFraction = 0)
    {
        var store = await SqliteResultStore.OpenAsync(workspace.DbPath);
        var outcome = await workspace.Launcher(store)
            .RunAsync(new RunLaunch { SuitePath = suitePath, MaxFailedFraction = maxFailedFraction });
        return (outcome.Summary, store);
    }

    [Fact]
    public async Task A_stream_cut_before_its_finish_reason_is_retried_and_the_cut_text_is_never_scored()
    {
        server.StreamsTruncated("Final Answer: ['Cong").Streams("Final Answer: ['Congress']", 100, 5, 0);

        var (summary, store) = await LaunchAsync(EndpointSuite(queries: 1, maxRetries: 2));

        var row = Assert.Single(await store.GetResultsAsync(summary.RunId));
        Assert.Equal((ExampleOutcome.Succeeded, 2L, "Congress"), (row.Outcome, row.Attempts, Assert.Single(row.Prediction!)));
        Assert.True(row.BackoffMs > 0);
        // Latency stats use the final attempt; wall time keeps the retries. A timer may fire up to one tick (~16 ms) before
        // the requested backoff, so the wall time is compared with that slack (seen once in CI: 0.x ms short).
        Assert.True(row.ModelWallMs + 16 >= row.ModelMs + row.BackoffMs, $"wall {row.ModelWallMs} ms, final attempt {row.ModelMs} ms, backoff {row.BackoffMs} ms");
        Assert.True(row.ModelWallMs > row.ModelMs);
        Assert.Equal(RunStatus.Succeeded, summary.Status);
    }

    [Fact]
    public async Task A_stream_that_is_always_cut_fails_the_example_and_the_run_with_counts()
    {
        server.StreamsTruncated("Final Answer: ['Cong").StreamsTruncated("Final Answer: ['Cong");

        var (summary, store) = await LaunchAsync(EndpointSuite(queries: 1, maxRetries: 1));

        var row = Assert.Single(await store.GetResultsAsync(summary.RunId));
        Assert.Equal((ExampleOutcome.Failed, 2L), (row.Outcome, row.Attempts));
        Assert.Contains("incomplete stream", row.Error);
        Assert.Null(row.PrimaryScore);
        Assert.Equal(RunStatus.Failed, summary.Status);
        var run = await store.GetRunAsync(summary.RunId);
        Assert.Equal((RunStatus.Failed, 1L), (run!.Status, run.ExamplesFailed));
        Assert.Contains("1 of 1 examples failed", run.Error);
    }

    [Fact]
    public async Task An_endpoint_that_is_down_fails_the_run_unless_the_failures_are_tolerated()
    {
        // No scripted answer: the server answers 503 to everything.
        var suite = EndpointSuite(queries: 2, maxRetries: 0);

        var (failed, _) = await LaunchAsync(suite);
        var (tolerated, _) = await LaunchAsync(suite, maxFailedFraction: 1);

        Assert.Equal((RunStatus.Failed, 2), (failed.Status, failed.FailedExamples));
        Assert.Contains("2 of 2 examples failed", failed.Reason);
        Assert.Equal((RunStatus.Succeeded, 2), (tolerated.Status, tolerated.FailedExamples));
    }

    [Fact]
    public async Task An_empty_query_split_is_an_error_not_a_run_with_n_zero()
    {
        var folder = Path.Combine(workspace.Root, "rag", "empty", "32k");
        Directory.CreateDirectory(folder);
        File.WriteAllLines(Path.Combine(folder, "corpus.jsonl"), ["""{"pid": "d1", "title_text": "", "passage_text": "ok"}"""]);
        File.WriteAllText(Path.Combine(folder, "test_queries.jsonl"), string.Empty);
        var suite = workspace.WriteSuite($$"""{ "name": "empty", "tasks": [ { "name": "rag", "path": "{{TestWorkspace.Json(folder)}}" } ] }""");

        var (summary, _) = await LaunchAsync(suite);

        Assert.Equal(RunStatus.Failed, summary.Status);
        Assert.Contains("has no queries", summary.Reason);
    }

    [Fact]
    public async Task A_report_that_cannot_be_written_is_reported_and_the_recorded_run_stays()
    {
        var suite = workspace.WriteSuite($$"""{ "name": "r", "pipelines": ["long-context"], "tasks": [ { "name": "rag", "path": "{{TestWorkspace.Json(TestWorkspace.ShippedDataset("rag"))}}", "maxQueries": 1 } ] }""");
        var store = await SqliteResultStore.OpenAsync(workspace.DbPath);

        // Once the run has its id, a folder takes the report's file name, so writing the report fails.
        var outcome = await workspace.Launcher(store).RunAsync(new RunLaunch
        {
            SuitePath = suite,
            OnRunCreated = runId =>
            {
                Directory.CreateDirectory(Path.Combine(workspace.ReportFolder, $"run-{runId}.md"));
                return Task.CompletedTask;
            },
        });

        Assert.Equal(RunStatus.Succeeded, outcome.Summary.Status);
        Assert.Null(outcome.ReportPath);
        Assert.Contains($"the report for run {outcome.Summary.RunId} could not be written", outcome.ReportError);
        Assert.Single(await store.GetResultsAsync(outcome.Summary.RunId));
    }

    [Fact]
    public async Task Two_long_context_models_in_one_suite_write_their_report()
    {
        server.ByDefaultStreams("Final Answer: ['the needle']");
        var suite = workspace.WriteSuite($$"""
            {
              "name": "two-models",
              "pipelines": ["long-context"],
              "models": { "longContext": ["extractive-minilm", "local-llm"] },
              "endpoints": { "local-llm": { "baseUrl": "{{server.BaseUrl}}", "model": "m" } },
              "tasks": [ { "name": "niah-4k", "path": "{{TestWorkspace.Json(Path.Combine(AppContext.BaseDirectory, "datasets", "recall", "niah_single", "4k"))}}", "maxQueries": 3 } ]
            }
            """);

        var store = await SqliteResultStore.OpenAsync(workspace.DbPath);
        var outcome = await workspace.Launcher(store).RunAsync(new RunLaunch { SuitePath = suite });

        Assert.Equal(RunStatus.Succeeded, outcome.Summary.Status);
        var report = await File.ReadAllTextAsync(outcome.ReportPath!);
        Assert.Contains("local-llm", report);
        Assert.Contains("Long-context accuracy by gold depth and context length", report); // the chart that used to throw on a duplicate task key
    }

    [Fact]
    public async Task A_run_left_running_by_a_dead_process_is_swept_to_failed_but_a_leased_one_is_not()
    {
        var store = await SqliteResultStore.OpenAsync(workspace.DbPath);
        var longAgo = DateTimeOffset.UtcNow.AddHours(-1);
        foreach (var id in new[] { "dead", "leased" })
        {
            await store.CreateRunAsync(new RunRecord
            {
                RunId = id, SuiteName = "s", SuitePath = "/s.json", SuiteJson = "{}", AppVersion = "1", Host = "h", Tokenizer = "o200k_base",
                Models = new Dictionary<string, string>(), StartedAt = longAgo, Status = RunStatus.Running,
            });
        }

        var job = await store.EnqueueJobAsync("/s.json", "s", null, longAgo);
        await store.TryLeaseJobAsync("worker", DateTimeOffset.UtcNow, TimeSpan.FromMinutes(10));
        await store.SetJobRunAsync(job!.Value, "leased");

        var swept = await store.SweepAbandonedRunsAsync(DateTimeOffset.UtcNow, RunLauncher.AbandonedAfter);

        Assert.Equal(["dead"], swept);
        Assert.Equal((RunStatus.Failed, RunStatus.Running), ((await store.GetRunAsync("dead"))!.Status, (await store.GetRunAsync("leased"))!.Status));
        Assert.Contains("run --resume dead", (await store.GetRunAsync("dead"))!.Error);
    }

    [Fact]
    public async Task A_run_whose_process_gave_up_in_a_database_outage_is_resumable_once_its_silence_outlasts_the_stores_retry()
    {
        server.Fails(500, "boom").Streams("Final Answer: ['Congress']", 10, 2, 0);
        var (first, store) = await LaunchAsync(EndpointSuite(queries: 2, maxRetries: 0));
        await using var connection = new SqliteConnection(SqliteResultStore.ConnectionStringFor(workspace.DbPath));
        // As a process that gave up on an unreachable database leaves its run: running, last heard of before the outage.
        Task StrandAsync(TimeSpan silent) => connection.ExecuteAsync(
            "UPDATE runs SET status = 'running', ended_at = NULL, heartbeat_at = @at WHERE run_id = @id",
            new { at = StoredText.Of(DateTimeOffset.UtcNow - silent), id = first.RunId });

        // Silent for the store's whole retry budget and a beat: its process may still be retrying a write, so it is not taken over.
        await StrandAsync(LoftCompare.Results.Sql.TransientRetry.DefaultBudget + ComparisonRunner.HeartbeatInterval);
        var refused = await Assert.ThrowsAsync<SuiteException>(() => workspace.Launcher(store).RunAsync(new RunLaunch { ResumeRunId = first.RunId }));
        Assert.Contains("if its process has ended, resume it from", refused.Message);

        // Silent past it: that process has given up (it writes a heartbeat every 30 s and retries for 2 minutes), so the run resumes at once.
        await StrandAsync(RunLauncher.AbandonedAfter + TimeSpan.FromSeconds(1));
        server.ByDefaultStreams("Final Answer: ['Congress']");
        var resumed = await workspace.Launcher(store).RunAsync(new RunLaunch { ResumeRunId = first.RunId });

        Assert.Equal((RunStatus.Succeeded, 1, 2), (resumed.Summary.Status, resumed.Summary.RowsWritten, resumed.Summary.Recorded));
    }

    [Fact]
    public async Task Rows_written_before_the_disk_failed_stay_and_the_run_is_never_left_running_after_a_resume()
    {
        // A run stopped by an error is failed (not running) and resumable; the resume keeps every recorded row.
        server.Fails(500, "boom").Streams("Final Answer: ['Congress']", 10, 2, 0).Streams("Final Answer: ['Congress']", 10, 2, 0);
        var (first, store) = await LaunchAsync(EndpointSuite(queries: 2, maxRetries: 0));
        Assert.Equal((RunStatus.Failed, 1), (first.Status, first.FailedExamples));

        server.ByDefaultStreams("Final Answer: ['Congress']");
        var resumed = await workspace.Launcher(store).RunAsync(new RunLaunch { ResumeRunId = first.RunId });

        Assert.Equal((RunStatus.Succeeded, 1, 2), (resumed.Summary.Status, resumed.Summary.RowsWritten, resumed.Summary.Recorded));
        await using var connection = new SqliteConnection(SqliteResultStore.ConnectionStringFor(workspace.DbPath));
        Assert.Equal(2, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM results WHERE run_id = @id AND outcome = 'succeeded'", new { id = first.RunId }));
    }

    [Fact]
    public async Task A_results_database_that_fills_up_mid_run_says_the_run_id_the_rows_kept_and_how_to_resume()
    {
        server.ByDefaultStreams("Final Answer: ['Congress']");
        var store = await SqliteResultStore.OpenAsync(workspace.DbPath);
        var filling = DiskFillsAfter.Wrap(store, upserts: 2);

        var error = await Assert.ThrowsAsync<ResultsDatabaseException>(() => workspace.Launcher(filling).RunAsync(new RunLaunch { SuitePath = EndpointSuite(queries: 4, maxRetries: 0) }));

        var run = Assert.Single(await store.GetRunsAsync());
        Assert.Equal(2, (await store.GetResultsAsync(run.RunId)).Count);
        Assert.EndsWith($"cannot be written: the disk is full; run {run.RunId} stopped after 2 new rows, all kept; resume it with 'loftcompare run --resume {run.RunId}' once the database can be written.", error.Message);
    }

    /// <summary>The store, whose disk fills after a number of result rows: later writes fail as a full SQLite disk does.</summary>
    public class DiskFillsAfter : System.Reflection.DispatchProxy
    {
        private IResultStore inner = null!;
        private int upsertsLeft;

        public static IResultStore Wrap(IResultStore inner, int upserts)
        {
            var proxy = Create<IResultStore, DiskFillsAfter>();
            var self = (DiskFillsAfter)(object)proxy;
            (self.inner, self.upsertsLeft) = (inner, upserts);
            return proxy;
        }

        protected override object? Invoke(System.Reflection.MethodInfo? method, object?[]? args)
        {
            var full = method!.Name == nameof(IRunStore.UpsertResultAsync) && Interlocked.Decrement(ref upsertsLeft) < 0
                || (upsertsLeft < 0 && method.Name.StartsWith("Finish", StringComparison.Ordinal));
            return full
                ? Task.FromException(new ResultsDatabaseException(DatabaseName, "cannot be written: the disk is full"))
                : method.Invoke(inner, args);
        }

        private const string DatabaseName = "results.db";
    }

    public void Dispose()
    {
        server.Dispose();
        workspace.Dispose();
    }
}
