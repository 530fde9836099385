using System.Diagnostics;
using Dapper;
using LoftCompare.Eval.Results;
using Microsoft.Data.Sqlite;

namespace LoftCompare.Worker.Tests.Hosting;

/// <summary>Two real worker processes: the first is killed with SIGKILL mid-run, the second takes the job over once its lease expires.</summary>
public sealed class WorkerKillTests : IDisposable
{
    private readonly TestWorkspace workspace = new();

    private Process StartWorker(params string[] extra)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workspace.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "loftcompare.dll"), "worker", "--db", workspace.DbPath, "--suites", Path.Combine(workspace.Root, "no-suites"), "--data-dir", workspace.DataDirectory, "--out", workspace.ReportFolder, "--lease-seconds", "3", "--heartbeat-seconds", "1", "--poll-seconds", "1" }.Concat(extra))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new SqliteConnection(SqliteResultStore.ConnectionStringFor(workspace.DbPath));
        return await connection.ExecuteScalarAsync<long>(sql);
    }

    [Fact]
    public async Task A_run_killed_mid_way_is_finished_by_the_next_worker_with_exactly_one_row_per_example()
    {
        var suite = workspace.WriteSuite($$"""
            {
              "name": "nightly",
              "tasks": [
                { "name": "ret", "path": "{{TestWorkspace.Json(TestWorkspace.ShippedDataset("retrieval"))}}", "maxQueries": 20 },
                { "name": "rag", "path": "{{TestWorkspace.Json(TestWorkspace.ShippedDataset("rag"))}}", "maxQueries": 20 }
              ]
            }
            """);
        var store = await SqliteResultStore.OpenAsync(workspace.DbPath);
        await store.EnqueueJobAsync(suite, "suite", null, DateTimeOffset.UtcNow);

        using (var first = StartWorker())
        {
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (await CountAsync("SELECT COUNT(*) FROM results") < 8 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }

            first.Kill(entireProcessTree: true); // SIGKILL: no shutdown, no lease release
            await first.WaitForExitAsync();
        }

        var rowsAtKill = await CountAsync("SELECT COUNT(*) FROM results");
        Assert.InRange(rowsAtKill, 8, 79);
        Assert.Equal("running", Assert.Single(await store.GetJobsAsync()).Status);

        await Task.Delay(TimeSpan.FromSeconds(3.5)); // the dead worker's 3-second lease runs out
        using (var second = StartWorker("--exit-when-idle"))
        {
            await second.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(3)).Token);
            Assert.Equal(0, second.ExitCode);
        }

        var job = Assert.Single(await store.GetJobsAsync());
        Assert.Equal("succeeded", job.Status);
        Assert.Equal(80, await CountAsync("SELECT COUNT(*) FROM results"));
        Assert.Equal(80, await CountAsync("SELECT COUNT(DISTINCT task_name || '|' || pipeline || '|' || model_id || '|' || query_id) FROM results"));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM results WHERE error IS NOT NULL"));
        Assert.Equal(1, await CountAsync("SELECT COUNT(*) FROM runs WHERE status = 'succeeded'"));
        await using var connection = new SqliteConnection(SqliteResultStore.ConnectionStringFor(workspace.DbPath));
        Assert.Equal("ok", await connection.ExecuteScalarAsync<string>("PRAGMA integrity_check"));
    }

    [Fact]
    public async Task Sigterm_finishes_the_examples_in_flight_and_hands_the_job_back()
    {
        var suite = workspace.WriteSuite($$"""
            { "name": "nightly", "tasks": [ { "name": "rag", "path": "{{TestWorkspace.Json(TestWorkspace.ShippedDataset("rag"))}}", "maxQueries": 40 } ] }
            """);
        var store = await SqliteResultStore.OpenAsync(workspace.DbPath);
        await store.EnqueueJobAsync(suite, "suite", null, DateTimeOffset.UtcNow);

        using var worker = StartWorker();
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (await CountAsync("SELECT COUNT(*) FROM results") < 4 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        using (var kill = Process.Start("kill", ["-TERM", worker.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await worker.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token);

        Assert.Equal(0, worker.ExitCode);
        var job = Assert.Single(await store.GetJobsAsync());
        Assert.Equal(("queued", null), (job.Status, job.LeaseOwner));
        Assert.InRange(await CountAsync("SELECT COUNT(*) FROM results"), 4, 79);
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM results WHERE error IS NOT NULL"));
    }

    public void Dispose() => workspace.Dispose();
}
