using Dapper;
using LoftCompare.Results;
using LoftCompare.Eval.Tests.Results;
using Microsoft.Data.Sqlite;
using LoftCompare.Storage.Sqlite;

namespace LoftCompare.Storage.Tests.Sqlite;

/// <summary>A results database that cannot be used is refused with its path and what is wrong (docs/reliability.md).</summary>
public sealed class ResultsDatabaseFaultTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "loftcompare-tests", Guid.NewGuid().ToString("N"));

    private string DbPath => Path.Combine(folder, "results.db");

    [Fact]
    public async Task A_database_written_by_a_newer_loftcompare_is_refused_not_written()
    {
        await SqliteResultStore.OpenAsync(DbPath);
        await using (var connection = new SqliteConnection(SqliteResultStore.ConnectionStringFor(DbPath)))
        {
            await connection.ExecuteAsync("INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'from_the_future', 'x')");
        }

        var error = await Assert.ThrowsAsync<ResultsDatabaseException>(() => SqliteResultStore.OpenAsync(DbPath));

        Assert.Contains($"'{DbPath}'", error.Message);
        Assert.Contains("written by a newer LoftCompare: migration 99", error.Message);
    }

    [Fact]
    public async Task A_directory_given_as_the_database_is_named_as_such()
    {
        Directory.CreateDirectory(DbPath);

        var error = await Assert.ThrowsAsync<ResultsDatabaseException>(() => SqliteResultStore.OpenAsync(DbPath));

        Assert.Equal($"Results database '{DbPath}' is a directory, not a database file.", error.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_garbage_or_torn_database_is_refused_before_any_run_row_is_written(bool torn)
    {
        Directory.CreateDirectory(folder);
        if (torn)
        {
            // A real database whose pages were overwritten in the middle: SQLite reports it malformed.
            var store = await SqliteResultStore.OpenAsync(DbPath);
            await store.CreateRunAsync(TestRecords.Run());
            for (var i = 0; i < 50; i++)
            {
                await store.UpsertResultAsync(TestRecords.Result($"q{i}", 1) with { RawOutput = new string('x', 2_000) });
            }

            await using (var connection = new SqliteConnection(SqliteResultStore.ConnectionStringFor(DbPath)))
            {
                await connection.ExecuteAsync("PRAGMA wal_checkpoint(TRUNCATE)");
            }

            var bytes = await File.ReadAllBytesAsync(DbPath);
            new Random(7).NextBytes(bytes.AsSpan(4096 * 3, 4096 * 4));
            await File.WriteAllBytesAsync(DbPath, bytes);
        }
        else
        {
            await File.WriteAllBytesAsync(DbPath, Enumerable.Range(0, 8192).Select(i => (byte)(i * 31)).ToArray());
        }

        var error = await Assert.ThrowsAsync<ResultsDatabaseException>(() => SqliteResultStore.OpenAsync(DbPath));

        Assert.StartsWith($"Results database '{DbPath}' ", error.Message);
        Assert.Contains(torn ? "malformed" : "not a SQLite database", error.Message);

        // A command that only reads skips the whole-file check at open; the damage is still named when it is read.
        var reading = await Assert.ThrowsAsync<ResultsDatabaseException>(async () => await (await SqliteResultStore.OpenAsync(DbPath, checkWholeFile: false)).GetResultsAsync(TestRecords.Run().RunId));
        Assert.StartsWith($"Results database '{DbPath}' ", reading.Message);
        Assert.Contains(torn ? "malformed" : "not a SQLite database", reading.Message);
    }

    public void Dispose()
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
