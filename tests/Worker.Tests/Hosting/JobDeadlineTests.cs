using LoftCompare.Results;
using LoftCompare.Pipelines.Tests.Models;
using LoftCompare.Runs;
using LoftCompare.Storage.Sqlite;
using LoftCompare.Worker.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace LoftCompare.Worker.Tests.Hosting;

/// <summary>A job whose model call never answers (a local server that holds the request) still ends: stopped after its drain, or stopped as stalled; never renewed for ever.</summary>
public sealed class JobDeadlineTests : IDisposable
{
    private readonly TestWorkspace workspace = new();
    private readonly LocalOpenAiServer server = new();
    private readonly TaskCompletionSource arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource never = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // The endpoint's own limits are long, so only the worker's drain or stall limit can end the held call.
    private string Suite() => workspace.WriteSuite($$"""
        {
          "name": "held",
          "pipelines": ["long-context"],
          "models": { "longContext": "local-llm" },
          "endpoints": { "local-llm": { "baseUrl": "{{server.BaseUrl}}", "model": "m", "maxRetries": 0, "timeoutSeconds": 3600, "callTimeoutSeconds": 3600 } },
          "tasks": [ { "name": "rag", "path": "{{TestWorkspace.Json(TestWorkspace.ShippedDataset("rag"))}}", "maxQueries": 3 } ]
        }
        """);

    private JobProcessor Processor(SqliteResultStore store, WorkerOptions options, TimeProvider? clock = null)
        => new(store, store, workspace.Launcher(store), options, clock ?? TimeProvider.System, NullLogger<JobProcessor>.Instance);

    private WorkerOptions Options(double drainSeconds = 90, double stallSeconds = 3600, double heartbeatSeconds = 0.2)
        => new() { Db = workspace.DbPath, WorkerId = "w", LeaseSeconds = 60, HeartbeatSeconds = heartbeatSeconds, DrainSeconds = drainSeconds, StallSeconds = stallSeconds };

    [Fact]
    public async Task A_stop_cancels_a_call_that_outlives_the_drain_and_hands_the_job_back_unspent()
    {
        server.Streams("Final Answer: ['a']", 10, 2, 0).Holds(arrived, never.Task, "Final Answer: ['a']");
        var store = await SqliteResultStore.OpenAsync(workspace.DbPath);
        await store.EnqueueJobAsync(Suite(), "held", null, DateTimeOffset.UtcNow);
        using var stop = new CancellationTokenSource();
        var processing = Processor(store, Options(drainSeconds: 0.5)).ProcessNextAsync(stop.Token);
        await arrived.Task.WaitAsync(TimeSpan.FromMinutes(3)); // the second example is in flight and will never answer

        await stop.CancelAsync(); // SIGTERM

        Assert.True(await processing.WaitAsync(TimeSpan.FromMinutes(3)));
        var job = Assert.Single(await store.GetJobsAsync());
        Assert.Equal((JobStatus.Queued, null, 0L), (job.Status, job.LeaseOwner, job.Attempts)); // not a failed attempt
        var run = (await store.GetRunAsync(job.RunId!))!;
        Assert.Equal(RunStatus.Cancelled, run.Status);
        Assert.Contains($"resume with 'loftcompare run --resume {run.RunId}'", run.Error);
        var rows = await store.GetResultsAsync(job.RunId!);
        Assert.Null(Assert.Single(rows).Error); // the first example answered; the cancelled call left no row, for the resume to redo
    }

    [Fact]
    public async Task A_run_that_records_nothing_for_its_stall_limit_is_stopped_and_its_job_retried_as_an_attempt()
    {
        server.Holds(arrived, never.Task, "Final Answer: ['a']");
        var store = await SqliteResultStore.OpenAsync(workspace.DbPath);
        await store.EnqueueJobAsync(Suite(), "held", null, DateTimeOffset.UtcNow);

        // The worker's clock is the test's: time passes only once the call is known to be in flight.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var processing = Processor(store, Options(stallSeconds: 600), clock).ProcessNextAsync(CancellationToken.None);
        await arrived.Task.WaitAsync(TimeSpan.FromMinutes(3));

        clock.Advance(TimeSpan.FromSeconds(601)); // the next heartbeat finds ten minutes without a recorded example

        Assert.True(await processing.WaitAsync(TimeSpan.FromMinutes(3)));

        var job = Assert.Single(await store.GetJobsAsync());
        Assert.Equal((JobStatus.Queued, null, 1L), (job.Status, job.LeaseOwner, job.Attempts));
        Assert.Contains("no example recorded for 600 s (stallSeconds)", job.Error);
        Assert.Equal(RunStatus.Cancelled, (await store.GetRunAsync(job.RunId!))!.Status);
        Assert.Empty(await store.GetResultsAsync(job.RunId!));
    }

    [Fact]
    public async Task A_worker_whose_lease_was_taken_over_writes_nothing_more_and_leaves_the_new_owners_run_alone()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.Streams("Final Answer: ['a']", 10, 2, 0).Holds(arrived, release.Task, "Final Answer: ['a']").ByDefaultStreams("Final Answer: ['a']");
        var store = await SqliteResultStore.OpenAsync(workspace.DbPath);
        await store.EnqueueJobAsync(Suite(), "held", null, DateTimeOffset.UtcNow);
        // A heartbeat too slow to notice: the fence on the writes is what must stop this worker.
        var processing = Processor(store, Options(heartbeatSeconds: 30)).ProcessNextAsync(CancellationToken.None);
        await arrived.Task.WaitAsync(TimeSpan.FromMinutes(3)); // one row recorded, the second example in flight

        // Meanwhile (this worker paused past its lease, say) another worker took the job over and reopened the run.
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection(SqliteResultStore.ConnectionStringFor(workspace.DbPath)))
        {
            await Dapper.SqlMapper.ExecuteAsync(connection, "UPDATE jobs SET lease_owner = 'other', attempts = attempts + 1");
        }

        release.SetResult(); // the paused worker's call answers now
        Assert.True(await processing.WaitAsync(TimeSpan.FromMinutes(3)));

        var job = Assert.Single(await store.GetJobsAsync());
        Assert.Equal((JobStatus.Running, "other"), (job.Status, job.LeaseOwner)); // still the new owner's
        Assert.Equal(RunStatus.Running, (await store.GetRunAsync(job.RunId!))!.Status); // not cancelled or failed under it
        Assert.Single(await store.GetResultsAsync(job.RunId!)); // the answer that came after the takeover was not written
    }

    public void Dispose()
    {
        never.TrySetResult();
        server.Dispose();
        workspace.Dispose();
    }
}
