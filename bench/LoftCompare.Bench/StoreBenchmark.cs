using System.Diagnostics;
using LoftCompare.Results;
using LoftCompare.Storage.Postgres;
using Npgsql;
using LoftCompare.Storage.Sqlite;

namespace LoftCompare.Bench;

/// <summary>
/// The results stores under concurrent workers in one process (each worker its own store instance and connections, as
/// separate hosts would have): jobs claimed and finished per second, and result rows written per second, with 1, 4 and
/// 8 workers, on SQLite (a temp file) and on PostgreSQL when <c>--postgres URI</c> names a server (a scratch database
/// is created there and dropped).
/// </summary>
public static class StoreBenchmark
{
    private const int Jobs = 400;
    private const int RowsPerWorker = 400;

    public static async Task RunAsync(string? postgres)
    {
        Console.WriteLine($"## Results stores: {Jobs} jobs claimed + finished, {RowsPerWorker} result rows written per worker");
        Console.WriteLine();
        Console.WriteLine("| store | workers | jobs claimed/s | rows written/s |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var workers in new[] { 1, 4, 8 })
        {
            var folder = Path.Combine(Path.GetTempPath(), "loftcompare-bench", Guid.NewGuid().ToString("N"));
            var path = Path.Combine(folder, "results.db");
            var (jobs, rows) = await MeasureAsync(workers, () => OpenSqlite(path));
            Console.WriteLine($"| SQLite (WAL, one file) | {workers} | {jobs:N0} | {rows:N0} |");
            Directory.Delete(folder, recursive: true);
        }

        if (postgres is null)
        {
            Console.WriteLine();
            Console.WriteLine("PostgreSQL not measured: pass --postgres postgres://user@host:port/database (a scratch database is created beside it).");
            return;
        }

        foreach (var workers in new[] { 1, 4, 8 })
        {
            var scratch = await CreateScratchAsync(postgres);
            var (jobs, rows) = await MeasureAsync(workers, async () => await PostgresResultStore.OpenAsync(scratch.Uri));
            Console.WriteLine($"| PostgreSQL 15 (loopback) | {workers} | {jobs:N0} | {rows:N0} |");
            await DropAsync(postgres, scratch.Name);
        }

        Console.WriteLine();
    }

    private static async Task<IResultStore> OpenSqlite(string path) => await SqliteResultStore.OpenAsync(path);

    private static async Task<(double JobsPerSecond, double RowsPerSecond)> MeasureAsync(int workers, Func<Task<IResultStore>> open)
    {
        var setup = await open();
        var queue = (IJobQueue)setup;
        for (var i = 0; i < Jobs; i++)
        {
            await queue.EnqueueJobAsync($"/suites/s{i}.json", $"s{i}", null, DateTimeOffset.UtcNow);
        }

        var stores = new List<IResultStore>();
        for (var w = 0; w < workers; w++)
        {
            stores.Add(await open());
        }

        var started = Stopwatch.GetTimestamp();
        var claimed = await Task.WhenAll(stores.Select((store, w) => Task.Run(async () =>
        {
            var q = (IJobQueue)store;
            var count = 0;
            while (await q.TryLeaseJobAsync($"w{w}", DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5)) is { } job)
            {
                await q.FinishJobAsync(job.JobId, $"w{w}", JobStatus.Succeeded, null);
                count++;
            }

            return count;
        })));
        var jobsPerSecond = claimed.Sum() / Stopwatch.GetElapsedTime(started).TotalSeconds;
        if (claimed.Sum() != Jobs)
        {
            throw new InvalidOperationException($"claimed {claimed.Sum()} jobs of {Jobs}");
        }

        await setup.CreateRunAsync(new RunRecord
        {
            RunId = "bench", SuiteName = "bench", SuitePath = "/bench.json", SuiteJson = "{}", AppVersion = "bench", Host = "bench", Tokenizer = "o200k_base",
            Models = new Dictionary<string, string>(), StartedAt = DateTimeOffset.UtcNow, Status = RunStatus.Running,
        });
        started = Stopwatch.GetTimestamp();
        await Task.WhenAll(stores.Select((store, w) => Task.Run(async () =>
        {
            for (var i = 0; i < RowsPerWorker; i++)
            {
                await store.UpsertResultAsync(new ResultRecord
                {
                    RunId = "bench", TaskName = "t", Pipeline = $"p{w}", ModelId = "m", QueryId = $"q{i}", RawOutput = new string('x', 400), Scores = new Dictionary<string, double> { ["em"] = 1 },
                    PrimaryMetric = "em", PrimaryScore = 1, InputTokens = 30_000, OutputTokens = 10, Outcome = ExampleOutcome.Succeeded, RecordedAt = DateTimeOffset.UtcNow,
                });
            }
        })));
        var rowsPerSecond = workers * RowsPerWorker / Stopwatch.GetElapsedTime(started).TotalSeconds;
        return (jobsPerSecond, rowsPerSecond);
    }

    private static async Task<(string Uri, string Name)> CreateScratchAsync(string postgres)
    {
        var (builder, _) = PostgresConnection.Parse(postgres);
        var name = $"loftcompare_bench_{Guid.NewGuid().ToString("N")[..8]}";
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using (var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        return ($"postgres://{builder.Username}@{builder.Host}:{builder.Port}/{name}", name);
    }

    private static async Task DropAsync(string postgres, string name)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(PostgresConnection.Parse(postgres).Builder.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE {name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
