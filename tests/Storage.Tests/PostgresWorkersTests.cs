using System.Diagnostics;
using Dapper;
using LoftCompare.Results;
using LoftCompare.Pipelines.Tests.Models;
using LoftCompare.Storage.Postgres;
using LoftCompare.Worker.Tests;
using Npgsql;

namespace LoftCompare.Storage.Tests;

/// <summary>
/// Several worker processes, each with its own data dir (as on separate hosts), sharing one PostgreSQL store.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresWorkersTests(PostgresCluster cluster) : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "loftcompare-tests", Guid.NewGuid().ToString("N"));
    private readonly LocalOpenAiServer server = new();

    private static string Dataset => Path.Combine(AppContext.BaseDirectory, "datasets", "rag", "sotu", "32k").Replace("\\", "\\\\");

    private string WriteSuite(string name, string body)
    {
        Directory.CreateDirectory(root);
        var path = Path.Combine(root, $"{name}.json");
        File.WriteAllText(path, body);
        return path;
    }

    private Process StartWorker(string db, string host, params string[] extra)
        => LoftCompareProcess.StartWatched(
            null,
            new[] { "worker", "--db", db, "--suites", Path.Combine(root, "no-suites"), "--data-dir", Path.Combine(root, host, "data"), "--out", Path.Combine(root, host, "reports"), "--heartbeat-seconds", "1", "--poll-seconds", "1", "--exit-when-idle" }.Concat(extra));

    private static async Task<long> CountAsync(string db, string sql)
    {
        await using var connection = new NpgsqlConnection(PostgresConnection.Parse(db).Builder.ConnectionString);
        return await connection.ExecuteScalarAsync<long>(sql);
    }

    [PostgresFact]
    public async Task Two_workers_with_their_own_data_dirs_drain_four_jobs_each_run_once_with_no_duplicate_rows()
    {
        var db = await cluster.CreateDatabaseAsync();
        var store = await PostgresResultStore.OpenAsync(db);
        for (var i = 0; i < 4; i++)
        {
            var suite = WriteSuite($"s{i}", $$"""{ "name": "suite-{{i}}", "pipelines": ["rag", "long-context"], "tasks": [ { "name": "rag", "path": "{{Dataset}}", "maxQueries": 2 } ] }""");
            await store.EnqueueJobAsync(suite, $"suite-{i}", null, DateTimeOffset.UtcNow);
        }

        using var hostA = StartWorker(db, "host-a");
        using var hostB = StartWorker(db, "host-b");
        await Task.WhenAll(hostA.WaitForExitAsync(), hostB.WaitForExitAsync()).WaitAsync(TimeSpan.FromMinutes(5));

        Assert.Equal((0, 0), (hostA.ExitCode, hostB.ExitCode));
        var jobs = await store.GetJobsAsync();
        Assert.Equal(4, jobs.Count);
        Assert.All(jobs, j => Assert.Equal((JobStatus.Succeeded, 1L), (j.Status, j.Attempts)));
        Assert.Equal(4, jobs.Select(j => j.RunId).Distinct().Count());
        Assert.Equal(4, await CountAsync(db, "SELECT COUNT(*) FROM runs WHERE status = 'succeeded'"));
        Assert.Equal(16, await CountAsync(db, "SELECT COUNT(*) FROM results"));
        Assert.Equal(16, await CountAsync(db, "SELECT COUNT(DISTINCT (run_id, task_name, pipeline, model_id, query_id)) FROM results"));
    }

    [PostgresFact]
    public async Task A_worker_killed_mid_job_is_taken_over_by_another_host_after_its_lease_with_one_row_per_example()
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var never = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.Streams("Final Answer: ['a']", 10, 2, 0).Streams("Final Answer: ['a']", 10, 2, 0).Holds(arrived, never.Task, "Final Answer: ['a']");
        var db = await cluster.CreateDatabaseAsync();
        var store = await PostgresResultStore.OpenAsync(db);
        var suite = WriteSuite("llm", $$"""
            {
              "name": "llm", "pipelines": ["long-context"], "models": { "longContext": "local-llm" },
              "endpoints": { "local-llm": { "baseUrl": "{{server.BaseUrl}}", "model": "m" } },
              "tasks": [ { "name": "rag", "path": "{{Dataset}}", "maxQueries": 5 } ]
            }
            """);
        await store.EnqueueJobAsync(suite, "llm", null, DateTimeOffset.UtcNow);

        using (var hostA = StartWorker(db, "host-a", "--lease-seconds", "600"))
        {
            await arrived.Task.WaitAsync(TimeSpan.FromMinutes(3)); // two rows recorded, the third example in flight
            hostA.Kill(entireProcessTree: true);
            await hostA.WaitForExitAsync();
        }

        Assert.Equal(2, await CountAsync(db, "SELECT COUNT(*) FROM results"));
        await using (var connection = new NpgsqlConnection(PostgresConnection.Parse(db).Builder.ConnectionString))
        {
            await connection.ExecuteAsync("UPDATE jobs SET lease_expires_at = now() - interval '1 second'"); // its lease runs out
        }

        never.TrySetResult();
        server.ByDefaultStreams("Final Answer: ['a']");
        using var hostB = StartWorker(db, "host-b");
        await hostB.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));

        Assert.Equal(0, hostB.ExitCode);
        var job = Assert.Single(await store.GetJobsAsync());
        Assert.Equal((JobStatus.Succeeded, 2L), (job.Status, job.Attempts));
        Assert.Equal(5, await CountAsync(db, "SELECT COUNT(*) FROM results WHERE outcome = 'succeeded'"));
        Assert.Equal(5, await CountAsync(db, "SELECT COUNT(DISTINCT query_id) FROM results"));
    }

    public void Dispose()
    {
        server.Dispose();
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
