using LoftCompare.Results;
using LoftCompare.Eval.Tests.Results;
using Microsoft.Data.Sqlite;
using LoftCompare.Storage.Sqlite;

namespace LoftCompare.Storage.Tests.Sqlite;

public sealed class ReadOnlyQueryTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "loftcompare-tests", Guid.NewGuid().ToString("N"));

    private async Task<string> DatabaseAsync()
    {
        var path = Path.Combine(folder, "results.db");
        var store = await SqliteResultStore.OpenAsync(path);
        await store.CreateRunAsync(TestRecords.Run());
        await store.UpsertResultAsync(TestRecords.Result("q1", 1));
        return path;
    }

    [Fact]
    public async Task Reads_rows_and_reading_pragmas()
    {
        var path = await DatabaseAsync();

        var rows = await ReadOnlyQuery.RunAsync(path, "SELECT query_id, primary_score FROM results");
        var columns = await ReadOnlyQuery.RunAsync(path, "PRAGMA table_info(results)");

        Assert.Equal(["query_id", "primary_score"], rows.Columns);
        Assert.Equal(["q1", 1.0], Assert.Single(rows.Rows));
        Assert.Contains(columns.Rows, r => Equals(r[1], "cost_usd"));
    }

    [Fact]
    public async Task A_value_too_big_for_memory_is_refused_before_it_is_made()
    {
        var path = await DatabaseAsync();

        var error = await Assert.ThrowsAsync<QueryRefusedException>(() => ReadOnlyQuery.RunAsync(path, "SELECT randomblob(900000000)"));

        Assert.StartsWith("Refused: the query makes a value over 64 MiB (", error.Message);
    }

    [Fact]
    public async Task Many_big_rows_are_cut_at_the_byte_limit_not_read_whole()
    {
        var path = await DatabaseAsync();

        // 100,000 rows of 1 MB each would be 100 GB in memory under the row limit alone.
        var result = await ReadOnlyQuery.RunAsync(path, "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100000) SELECT randomblob(1000000) FROM c", maxRows: 100_000, maxBytes: 8_000_000);

        Assert.Equal((true, 8_000_000L), (result.Truncated, result.CutAtBytes));
        Assert.InRange(result.Rows.Count, 8, 9);
    }

    [Theory]
    [InlineData("DELETE FROM results", "DELETE")]
    [InlineData("UPDATE results SET error = 'x'", "UPDATE")]
    [InlineData("INSERT INTO models VALUES ('a', 'b', 'c')", "INSERT")]
    [InlineData("DROP TABLE results", "DROP TABLE")]
    [InlineData("CREATE TABLE t (x)", "CREATE TABLE")]
    [InlineData("ATTACH DATABASE ':memory:' AS other", "ATTACH")]
    [InlineData("PRAGMA journal_mode = DELETE", "PRAGMA journal_mode = DELETE")]
    [InlineData("PRAGMA writable_schema = 1", "PRAGMA writable_schema = 1")]
    [InlineData("SELECT load_extension('libevil')", "loading an extension")]
    public async Task Refuses_anything_that_writes_attaches_or_loads(string sql, string what)
    {
        var path = await DatabaseAsync();

        var error = await Assert.ThrowsAsync<QueryRefusedException>(() => ReadOnlyQuery.RunAsync(path, sql));

        Assert.Equal($"Refused: {what} is not allowed; 'loftcompare query' only reads (no writes, ATTACH, writing PRAGMAs or extension loading).", error.Message);
        Assert.Single((await ReadOnlyQuery.RunAsync(path, "SELECT * FROM results")).Rows);
    }

    [Fact]
    public async Task Writing_the_schema_table_is_refused_by_sqlite_itself_and_changes_nothing()
    {
        var path = await DatabaseAsync();

        var error = await Assert.ThrowsAsync<SqliteException>(() => ReadOnlyQuery.RunAsync(path, "DELETE FROM sqlite_master"));

        Assert.Contains("may not be modified", error.Message);
        Assert.NotEmpty((await ReadOnlyQuery.RunAsync(path, "SELECT name FROM sqlite_master")).Rows);
    }

    [Fact]
    public async Task Refuses_a_second_statement_instead_of_dropping_it_silently()
    {
        var path = await DatabaseAsync();

        var error = await Assert.ThrowsAsync<QueryRefusedException>(() => ReadOnlyQuery.RunAsync(path, "SELECT 1; SELECT 2"));
        var fine = await ReadOnlyQuery.RunAsync(path, "SELECT 1; -- done\n /* really */ ;");

        Assert.Contains("one statement", error.Message);
        Assert.Contains("SELECT 2", error.Message);
        Assert.Equal([1L], Assert.Single(fine.Rows));
    }

    [Fact]
    public async Task Names_vacuum_when_refusing_it()
    {
        var path = await DatabaseAsync();

        var error = await Assert.ThrowsAsync<QueryRefusedException>(() => ReadOnlyQuery.RunAsync(path, "VACUUM"));

        Assert.StartsWith("Refused: VACUUM is not allowed", error.Message);
    }

    [Fact]
    public async Task Stops_a_query_that_runs_past_its_timeout()
    {
        var path = await DatabaseAsync();

        var error = await Assert.ThrowsAsync<QueryRefusedException>(() => ReadOnlyQuery.RunAsync(
            path, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT COUNT(*) FROM n", timeout: TimeSpan.FromMilliseconds(200)));

        Assert.Contains("longer than 0.2 s", error.Message);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }
}
