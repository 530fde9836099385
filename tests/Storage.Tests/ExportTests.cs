using LoftCompare.Results;
using LoftCompare.Storage.Postgres;
using LoftCompare.Storage.Sqlite;

namespace LoftCompare.Storage.Tests;

/// <summary><c>loftcompare export</c>: runs move SQLite → PostgreSQL → SQLite unchanged, and a second export copies nothing.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ExportTests(PostgresCluster cluster) : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "loftcompare-tests", Guid.NewGuid().ToString("N"));

    [PostgresFact]
    public async Task Runs_round_trip_through_postgres_with_every_row_and_their_recorded_end()
    {
        var sqlite = await SqliteResultStore.OpenAsync(Path.Combine(folder, "a.db"));
        await sqlite.CreateRunAsync(new RunRecord
        {
            RunId = "r1", SuiteName = "s", SuitePath = "/s.json", SuiteJson = "{}", AppVersion = "1", Host = "h", Tokenizer = "o200k_base", Models = new Dictionary<string, string> { ["m"] = "model" },
            StartedAt = StoredText.Time("2026-11-29T01:00:00.0000000+00:00"), Status = RunStatus.Running, ExamplesPlanned = 3,
        });
        await sqlite.AddRunTaskAsync(new RunTaskRecord { RunId = "r1", TaskName = "t", TaskKind = "rag", DatasetName = "d", Adapter = "loft", Source = "x", Split = "test", ContentHash = "h", Documents = 1, Queries = 3 });
        foreach (var (query, outcome) in new[] { ("q1", ExampleOutcome.Succeeded), ("q2", ExampleOutcome.Failed), ("q3", ExampleOutcome.Declined) })
        {
            await sqlite.UpsertResultAsync(new ResultRecord
            {
                RunId = "r1", TaskName = "t", Pipeline = "rag", ModelId = "m", QueryId = query, Outcome = outcome, Error = outcome == ExampleOutcome.Succeeded ? null : $"{outcome}: why",
                PrimaryScore = outcome == ExampleOutcome.Succeeded ? 1 : null, RawOutput = "ünïcödé 🚀", RecordedAt = StoredText.Time("2026-11-29T01:00:01.0000000+00:00"),
            });
        }

        await sqlite.FinishRunAsync("r1", RunStatus.Failed, "1 of 3 examples failed", new RunCounts(1, 1));
        var postgres = await PostgresResultStore.OpenAsync(await cluster.CreateDatabaseAsync());
        var back = await SqliteResultStore.OpenAsync(Path.Combine(folder, "b.db"));

        var there = await new ResultsExporter(sqlite, postgres).ExportAsync();
        var again = await new ResultsExporter(sqlite, postgres).ExportAsync();
        await new ResultsExporter(postgres, back).ExportAsync();

        Assert.Equal((1, 0, 3), there);
        Assert.Equal((0, 1, 0), again);
        var original = (await sqlite.GetRunAsync("r1"))!;
        var returned = (await back.GetRunAsync("r1"))!;
        Assert.Equal((original.Status, original.Error, original.ExamplesFailed, original.ExamplesDeclined), (returned.Status, returned.Error, returned.ExamplesFailed, returned.ExamplesDeclined));
        Assert.Equal(original.EndedAt!.Value, returned.EndedAt!.Value, TimeSpan.FromMilliseconds(1)); // PostgreSQL keeps microseconds
        Assert.Equal(
            (await sqlite.GetResultsAsync("r1")).Select(r => (r.QueryId, r.Outcome, r.Error, r.PrimaryScore, r.RawOutput)),
            (await back.GetResultsAsync("r1")).Select(r => (r.QueryId, r.Outcome, r.Error, r.PrimaryScore, r.RawOutput)));
        Assert.Equal("d", Assert.Single(await back.GetRunTasksAsync("r1")).DatasetName);
    }

    [PostgresFact]
    public async Task An_export_cut_short_is_completed_by_the_next_export_not_skipped()
    {
        var sqlite = await SqliteResultStore.OpenAsync(Path.Combine(folder, "a.db"));
        var run = new RunRecord
        {
            RunId = "r1", SuiteName = "s", SuitePath = "/s.json", SuiteJson = "{}", AppVersion = "1", Host = "h", Tokenizer = "o200k_base", Models = new Dictionary<string, string> { ["m"] = "model" },
            StartedAt = StoredText.Time("2026-11-29T01:00:00.0000000+00:00"), Status = RunStatus.Running, ExamplesPlanned = 6,
        };
        await sqlite.CreateRunAsync(run);
        for (var i = 1; i <= 6; i++)
        {
            await sqlite.UpsertResultAsync(new ResultRecord { RunId = "r1", TaskName = "t", Pipeline = "rag", ModelId = "m", QueryId = $"q{i}", Outcome = ExampleOutcome.Succeeded, PrimaryScore = 1, RecordedAt = run.StartedAt });
        }

        await sqlite.FinishRunAsync("r1", RunStatus.Succeeded, null, new RunCounts(0, 0));
        var postgres = await PostgresResultStore.OpenAsync(await cluster.CreateDatabaseAsync());
        await postgres.CreateRunAsync(run); // what an export killed after its first write leaves: the run, 'running', no rows

        var rerun = await new ResultsExporter(sqlite, postgres).ExportAsync();

        Assert.Equal((1, 0, 6), rerun);
        Assert.Equal(RunStatus.Succeeded, (await postgres.GetRunAsync("r1"))!.Status);
        Assert.Equal(6, (await postgres.GetResultsAsync("r1")).Count);
        Assert.Equal((0, 1, 0), await new ResultsExporter(sqlite, postgres).ExportAsync());
    }

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
