using Dapper;
using LoftCompare.Results;
using LoftCompare.Eval.Tests.Results;
using LoftCompare.Pipelines.Tests.Models;
using LoftCompare.Storage.Postgres;
using LoftCompare.Worker.Tests;
using Npgsql;

namespace LoftCompare.Storage.Tests;

/// <summary>
/// Database blips against a real PostgreSQL server of the test's own (each test restarts or starves it): a restart,
/// a dropped idle connection and a full connection table are ridden out by the store, and cost a job nothing.
/// </summary>
public sealed class PostgresBlipTests : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(3); // only a hung test reaches it; no assertion is timed
    private readonly PostgresCluster cluster = new();
    private readonly LocalOpenAiServer server = new();
    private readonly string root = Path.Combine(Path.GetTempPath(), "loftcompare-tests", Guid.NewGuid().ToString("N"));
    private readonly List<string> retries = []; // what each retry met: a SqlState or the I/O error's type
    private readonly TaskCompletionSource<string> retried = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task InitializeAsync() => cluster.InitializeAsync();

    public Task DisposeAsync() => cluster.DisposeAsync();

    private Task<PostgresResultStore> OpenAsync(string db) => PostgresResultStore.OpenAsync(db, retry: PostgresResultStore.DefaultRetry with
    {
        OnRetry = (ex, _) =>
        {
            var what = ex is PostgresException pg ? pg.SqlState : ex.InnerException?.GetType().Name ?? ex.GetType().Name;
            lock (retries)
            {
                retries.Add(what);
            }

            retried.TrySetResult(what);
        },
    });

    private bool Seen(string what)
    {
        lock (retries)
        {
            return retries.Contains(what);
        }
    }

    /// <summary>The test's own connections are never pooled: a pooled one would take a slot, or be dropped, like the store's.</summary>
    private static NpgsqlConnection Unpooled(string db) => new(new NpgsqlConnectionStringBuilder(PostgresConnection.Parse(db).Builder.ConnectionString) { Pooling = false, ApplicationName = "test" }.ConnectionString);

    private static async Task<long> CountAsync(string db, string sql)
    {
        await using var connection = Unpooled(db);
        return await connection.ExecuteScalarAsync<long>(sql);
    }

    private static async Task AdminAsync(string db, string sql)
    {
        await using var connection = Unpooled(db);
        await connection.ExecuteAsync(sql);
    }

    [PostgresFact]
    public async Task A_write_made_while_the_server_is_down_waits_for_it_and_lands_once()
    {
        var db = await cluster.CreateDatabaseAsync();
        var store = await OpenAsync(db);
        await store.CreateRunAsync(TestRecords.Run());
        await store.UpsertResultAsync(TestRecords.Result("q1", 1)); // the pool now holds a connection the restart will kill

        await cluster.StopServerAsync();
        var write = store.UpsertResultAsync(TestRecords.Result("q2", 0));
        await retried.Task.WaitAsync(HangGuard); // the write met the outage and is waiting it out
        await cluster.StartServerAsync();
        await write.WaitAsync(HangGuard);

        Assert.Equal(2, await CountAsync(db, "SELECT COUNT(*) FROM results"));
        Assert.Equal(2, (await store.GetResultsAsync(TestRecords.Run().RunId)).Count);
    }

    [PostgresFact]
    public async Task Pooled_connections_a_restart_killed_are_replaced_not_failed()
    {
        var db = await cluster.CreateDatabaseAsync();
        var store = await OpenAsync(db);
        await store.CreateRunAsync(TestRecords.Run());

        await cluster.StopServerAsync();
        await cluster.StartServerAsync(); // nothing was asked meanwhile: the pool still holds the dead connection

        await store.UpsertResultAsync(TestRecords.Result("q1", 1));

        Assert.Equal(1, await CountAsync(db, "SELECT COUNT(*) FROM results"));
    }

    [PostgresFact]
    public async Task An_idle_connection_the_server_drops_is_replaced_not_failed()
    {
        var db = await cluster.CreateDatabaseAsync();
        var name = PostgresConnection.Parse(db).Builder.Database;
        await AdminAsync(db, $"ALTER DATABASE {name} SET idle_session_timeout = '200ms'");
        var store = await OpenAsync(db);
        await store.CreateRunAsync(TestRecords.Run());
        while (await CountAsync(db, $"SELECT COUNT(*) FROM pg_stat_activity WHERE datname = '{name}' AND application_name = 'loftcompare'") > 0)
        {
            await Task.Delay(50); // until the server has dropped the store's idle pooled connection (57P05)
        }

        await store.UpsertResultAsync(TestRecords.Result("q1", 1));

        Assert.Equal(1, await CountAsync(db, "SELECT COUNT(*) FROM results"));
    }

    [PostgresFact]
    public async Task A_full_connection_table_makes_a_call_wait_for_a_free_slot()
    {
        var db = await cluster.CreateDatabaseAsync();
        var name = PostgresConnection.Parse(db).Builder.Database;
        await AdminAsync(db, $"CREATE ROLE lc_limited LOGIN CONNECTION LIMIT 1; ALTER DATABASE {name} OWNER TO lc_limited; GRANT ALL ON SCHEMA public TO lc_limited;");
        var limited = db.Replace("postgres://postgres@", "postgres://lc_limited@", StringComparison.Ordinal);
        var store = await OpenAsync(limited);
        await AdminAsync(db, $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'lc_limited'"); // the store's pooled connection goes
        await using var holder = Unpooled(limited);
        await holder.OpenAsync(); // and another client takes the role's only slot

        var write = store.CreateRunAsync(TestRecords.Run());
        while (!Seen("53300"))
        {
            await Task.WhenAny(write, Task.Delay(20)); // until the store has met "too many connections" and is waiting
            Assert.False(write.IsCompleted, "the write ended before it met the limit");
        }

        await holder.CloseAsync();
        await write.WaitAsync(HangGuard);

        Assert.Equal(1, await CountAsync(db, "SELECT COUNT(*) FROM runs"));
    }

    [PostgresFact]
    public async Task A_server_restart_mid_run_costs_the_worker_no_attempt_and_loses_no_row()
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.Streams("Final Answer: ['a']", 10, 2, 0).Holds(arrived, release.Task, "Final Answer: ['a']").ByDefaultStreams("Final Answer: ['a']");
        var db = await cluster.CreateDatabaseAsync();
        var store = await OpenAsync(db);
        Directory.CreateDirectory(root);
        var suite = Path.Combine(root, "llm.json");
        var dataset = Path.Combine(AppContext.BaseDirectory, "datasets", "rag", "sotu", "32k").Replace("\\", "\\\\");
        await File.WriteAllTextAsync(suite, $$"""
            {
              "name": "llm", "pipelines": ["long-context"], "models": { "longContext": "local-llm" },
              "endpoints": { "local-llm": { "baseUrl": "{{server.BaseUrl}}", "model": "m" } },
              "tasks": [ { "name": "rag", "path": "{{dataset}}", "maxQueries": 4 } ]
            }
            """);
        await store.EnqueueJobAsync(suite, "llm", null, DateTimeOffset.UtcNow);
        var blips = 0;
        using var worker = LoftCompareProcess.StartWatched(
            null,
            ["worker", "--db", db, "--suites", Path.Combine(root, "no-suites"), "--data-dir", Path.Combine(root, "data"), "--out", Path.Combine(root, "reports"), "--heartbeat-seconds", "1", "--poll-seconds", "1", "--exit-when-idle"],
            line =>
            {
                if (line.Contains("the results database did not answer", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref blips);
                }
            });
        await arrived.Task.WaitAsync(HangGuard); // one row recorded, the second example in flight

        await cluster.StopServerAsync();
        await cluster.StartServerAsync();
        release.SetResult(); // the example in flight finishes after the restart and is recorded on a fresh connection
        await worker.WaitForExitAsync().WaitAsync(HangGuard);

        Assert.Equal(0, worker.ExitCode);
        var job = Assert.Single(await store.GetJobsAsync());
        Assert.Equal((JobStatus.Succeeded, 1L), (job.Status, job.Attempts)); // the restart spent no attempt
        Assert.Equal(4, await CountAsync(db, "SELECT COUNT(*) FROM results WHERE outcome = 'succeeded'"));
        Assert.Equal(4, await CountAsync(db, "SELECT COUNT(DISTINCT query_id) FROM results"));
        Assert.Equal(1, await CountAsync(db, "SELECT COUNT(*) FROM runs WHERE status = 'succeeded'"));
        Assert.True(blips > 0, "the worker said nothing of the blip it rode out");
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
