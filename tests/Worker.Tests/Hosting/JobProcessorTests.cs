using LoftCompare.Runs.Execution;
using Dapper;
using LoftCompare.Results;
using LoftCompare.Worker.Hosting;
using LoftCompare.Runs;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using LoftCompare.Storage.Sqlite;

namespace LoftCompare.Worker.Tests.Hosting;

public sealed class JobProcessorTests : IDisposable
{
    private readonly TestWorkspace workspace = new();

    private string Suite(int queries) => workspace.WriteSuite($$"""
        { "name": "nightly", "tasks": [ { "name": "rag", "path": "{{TestWorkspace.Json(TestWorkspace.ShippedDataset("rag"))}}", "maxQueries": {{queries}} } ] }
        """);

    private JobProcessor Processor(SqliteResultStore store, string workerId)
        => new(store, store, workspace.Launcher(store), new WorkerOptions { Db = workspace.DbPath, WorkerId = workerId, LeaseSeconds = 60, HeartbeatSeconds = 1 }, TimeProvider.System, NullLogger<JobProcessor>.Instance);

    [Fact]
    public async Task Stopping_lets_the_example_in_flight_finish_releases_the_lease_and_the_next_worker_resumes()
    {
        var store = await SqliteResultStore.OpenAsync(workspace.DbPath);
        await store.EnqueueJobAsync(Suite(queries: 6), "suite", null, DateTimeOffset.UtcNow);
        using var stop = new CancellationTokenSource();
        var reports = 0;
        var progress = new LoftCompare.Worker.Commands.SynchronousProgress<RunProgress>(_ =>
        {
            if (Interlocked.Increment(ref reports) == 3)
            {
                stop.Cancel(); // SIGTERM arrives while the worker is mid-run
            }
        });

        Assert.True(await Processor(store, "worker-a").ProcessNextAsync(stop.Token, progress));

        var job = Assert.Single(await store.GetJobsAsync());
        Assert.Equal((JobStatus.Queued, null), (job.Status, job.LeaseOwner));
        var partial = await store.GetResultsAsync(job.RunId!);
        Assert.InRange(partial.Count, 3, 11);
        Assert.All(partial, r => Assert.Null(r.Error)); // nothing half-done was recorded
        // Never left 'running' by a process that stopped: cancelled, and resumed by the next worker.
        Assert.Equal(RunStatus.Cancelled, (await store.GetRunAsync(job.RunId!))!.Status);

        Assert.True(await Processor(store, "worker-b").ProcessNextAsync(CancellationToken.None));

        Assert.Equal(JobStatus.Succeeded, Assert.Single(await store.GetJobsAsync()).Status);
        Assert.Equal(RunStatus.Succeeded, (await store.GetRunAsync(job.RunId!))!.Status);
        await using var connection = new SqliteConnection(SqliteResultStore.ConnectionStringFor(workspace.DbPath));
        Assert.Equal(12, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM results WHERE run_id = @id AND error IS NULL", new { id = job.RunId }));
        Assert.False(await Processor(store, "worker-b").ProcessNextAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_job_whose_suite_is_broken_fails_with_the_reason()
    {
        var store = await SqliteResultStore.OpenAsync(workspace.DbPath);
        await store.EnqueueJobAsync(Path.Combine(workspace.Root, "missing.json"), "suite", null, DateTimeOffset.UtcNow);

        Assert.True(await Processor(store, "worker-a").ProcessNextAsync(CancellationToken.None));

        var job = Assert.Single(await store.GetJobsAsync());
        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Contains("missing.json' does not exist", job.Error);
    }

    [Fact]
    public async Task A_job_whose_run_succeeded_before_its_worker_died_finishes_its_report_without_running_again()
    {
        var store = await SqliteResultStore.OpenAsync(workspace.DbPath);
        await store.EnqueueJobAsync(Suite(queries: 2), "suite", null, DateTimeOffset.UtcNow);
        Assert.True(await Processor(store, "worker-a").ProcessNextAsync(CancellationToken.None));
        var job = Assert.Single(await store.GetJobsAsync());
        var report = Path.Combine(workspace.ReportFolder, $"run-{job.RunId}.md");
        Assert.True(File.Exists(report));

        // What a worker killed after the run's end, before its report and the job's end, leaves behind.
        File.Delete(report);
        await using (var connection = new SqliteConnection(SqliteResultStore.ConnectionStringFor(workspace.DbPath)))
        {
            await connection.ExecuteAsync("UPDATE jobs SET status = 'running', lease_owner = 'worker-a', lease_expires_at = '2000-01-01T00:00:00.0000000+00:00'");
        }

        var recordedBefore = (await store.GetResultsAsync(job.RunId!)).Select(r => r.RecordedAt).ToList();
        Assert.True(await Processor(store, "worker-b").ProcessNextAsync(CancellationToken.None));

        var finished = Assert.Single(await store.GetJobsAsync());
        Assert.Equal((JobStatus.Succeeded, (string?)null), (finished.Status, finished.Error));
        Assert.True(File.Exists(report)); // the bookkeeping the dead worker never did
        Assert.Equal(recordedBefore, (await store.GetResultsAsync(job.RunId!)).Select(r => r.RecordedAt)); // nothing ran again
    }

    public void Dispose() => workspace.Dispose();
}
