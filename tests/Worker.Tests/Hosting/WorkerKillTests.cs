using System.Diagnostics;
using Dapper;
using LoftCompare.Results;
using LoftCompare.Pipelines.Tests.Models;
using Microsoft.Data.Sqlite;
using LoftCompare.Storage.Sqlite;

namespace LoftCompare.Worker.Tests.Hosting;

/// <summary>
/// Real worker processes against a local model server that holds a chosen request: the test acts when that request
/// arrives (an event), so what is in flight at the kill or the SIGTERM is known exactly, however loaded the machine.
/// </summary>
public sealed class WorkerKillTests : IDisposable
{
    private readonly TestWorkspace workspace = new();
    private readonly LocalOpenAiServer server = new();
    private readonly TaskCompletionSource arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private string Suite(int queries) => workspace.WriteSuite($$"""
        {
          "name": "nightly",
          "pipelines": ["long-context"],
          "models": { "longContext": "local-llm" },
          "endpoints": { "local-llm": { "baseUrl": "{{server.BaseUrl}}", "model": "m" } },
          "tasks": [ { "name": "rag", "path": "{{TestWorkspace.Json(TestWorkspace.ShippedDataset("rag"))}}", "maxQueries": {{queries}} } ]
        }
        """);

    private Process StartWorker(Action<string>? onOutput = null, params string[] extra)
        => LoftCompareProcess.StartWatched(
            workspace.Root,
            new[] { "worker", "--db", workspace.DbPath, "--suites", Path.Combine(workspace.Root, "no-suites"), "--data-dir", workspace.DataDirectory, "--out", workspace.ReportFolder, "--lease-seconds", "60", "--heartbeat-seconds", "1", "--poll-seconds", "1" }.Concat(extra),
            onOutput);

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new SqliteConnection(SqliteResultStore.ConnectionStringFor(workspace.DbPath));
        return await connection.ExecuteScalarAsync<long>(sql);
    }

    [Fact]
    public async Task A_run_killed_mid_way_is_finished_by_the_next_worker_with_exactly_one_row_per_example()
    {
        // Three answers, then the fourth request is held: the worker is killed with exactly three rows recorded.
        server.Streams("Final Answer: ['a']", 10, 2, 0).Streams("Final Answer: ['a']", 10, 2, 0).Streams("Final Answer: ['a']", 10, 2, 0)
            .Holds(arrived, release.Task, "Final Answer: ['a']");
        var store = await SqliteResultStore.OpenAsync(workspace.DbPath);
        await store.EnqueueJobAsync(Suite(queries: 8), "nightly", null, DateTimeOffset.UtcNow);

        using (var first = StartWorker())
        {
            await arrived.Task.WaitAsync(TimeSpan.FromMinutes(3));
            first.Kill(entireProcessTree: true); // SIGKILL: no shutdown, no lease release
            await first.WaitForExitAsync();
        }

        Assert.Equal(3, await CountAsync("SELECT COUNT(*) FROM results"));
        var orphaned = Assert.Single(await store.GetJobsAsync());
        Assert.Equal(JobStatus.Running, orphaned.Status);

        // Time passing past the dead worker's lease, without waiting for it: the lease is moved into the past.
        await using (var connection = new SqliteConnection(SqliteResultStore.ConnectionStringFor(workspace.DbPath)))
        {
            await connection.ExecuteAsync("UPDATE jobs SET lease_expires_at = '2000-01-01T00:00:00.0000000+00:00'");
        }

        server.ByDefaultStreams("Final Answer: ['a']");
        using (var second = StartWorker(null, "--exit-when-idle"))
        {
            await second.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(3)).Token);
            Assert.Equal(0, second.ExitCode);
        }

        var job = Assert.Single(await store.GetJobsAsync());
        Assert.Equal((JobStatus.Succeeded, 2L), (job.Status, job.Attempts));
        Assert.Equal(8, await CountAsync("SELECT COUNT(*) FROM results"));
        Assert.Equal(8, await CountAsync("SELECT COUNT(DISTINCT task_name || '|' || pipeline || '|' || model_id || '|' || query_id) FROM results"));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM results WHERE error IS NOT NULL"));
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM runs WHERE status = 'succeeded'"));
        await using var check = new SqliteConnection(SqliteResultStore.ConnectionStringFor(workspace.DbPath));
        Assert.Equal("ok", await check.ExecuteScalarAsync<string>("PRAGMA integrity_check"));
    }

    [Fact]
    public async Task Sigterm_finishes_the_examples_in_flight_and_hands_the_job_back()
    {
        server.Streams("Final Answer: ['a']", 10, 2, 0).Holds(arrived, release.Task, "Final Answer: ['a']").ByDefaultStreams("Final Answer: ['a']");
        var store = await SqliteResultStore.OpenAsync(workspace.DbPath);
        await store.EnqueueJobAsync(Suite(queries: 6), "nightly", null, DateTimeOffset.UtcNow);
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        using var worker = StartWorker(line =>
        {
            if (line.Contains("Application is shutting down", StringComparison.Ordinal))
            {
                stopping.TrySetResult();
            }
        });
        await arrived.Task.WaitAsync(TimeSpan.FromMinutes(3)); // the second example is in flight
        using (var kill = Process.Start("kill", ["-TERM", worker.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await stopping.Task.WaitAsync(TimeSpan.FromMinutes(3)); // the worker has seen SIGTERM
        release.SetResult(); // only now does the example in flight finish
        await worker.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token);

        Assert.Equal(0, worker.ExitCode);
        var job = Assert.Single(await store.GetJobsAsync());
        Assert.Equal((JobStatus.Queued, null, 0L), (job.Status, job.LeaseOwner, job.Attempts)); // being stopped is not a failed attempt
        Assert.Equal(2, await CountAsync("SELECT COUNT(*) FROM results")); // the one in flight finished; no other started
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM results WHERE error IS NOT NULL"));
        Assert.Equal(RunStatus.Cancelled, (await store.GetRunAsync(job.RunId!))!.Status);
    }

    public void Dispose()
    {
        release.TrySetResult();
        server.Dispose();
        workspace.Dispose();
    }
}
