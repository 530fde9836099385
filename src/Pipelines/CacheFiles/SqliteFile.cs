using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LoftCompare.Pipelines.CacheFiles;

/// <summary>
/// A small SQLite file in the data directory (a cache): created with its schema on first use, opened per call.
/// A cache is disposable, so a file that is not a sound SQLite database (garbage, truncated, malformed) is moved aside
/// as <c>NAME.corrupt-TIMESTAMP</c> and rebuilt empty, with one warning naming both files; it never fails a run.
/// </summary>
public sealed class SqliteFile
{
    private readonly string connectionString;

    /// <param name="schema">Statements run once at creation, e.g. <c>CREATE TABLE IF NOT EXISTS ...</c>; WAL is switched on first.</param>
    public SqliteFile(string path, string schema, ILogger? logger = null)
    {
        Path = System.IO.Path.GetFullPath(path);
        Logger = logger ?? NullLogger.Instance;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        connectionString = new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false, DefaultTimeout = 30 }.ToString();
        try
        {
            Initialise(schema);
        }
        catch (SqliteException ex) when (IsCorrupt(ex))
        {
            MoveAside(ex.Message);
            Initialise(schema);
        }
    }

    public string Path { get; }

    /// <summary>Where this cache reports what it repaired.</summary>
    public ILogger Logger { get; }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        return connection;
    }

    /// <summary>SQLite's "not a database" (26) and "malformed" (11) errors: the file is damaged, not merely busy.</summary>
    public static bool IsCorrupt(SqliteException ex) => ex.SqliteErrorCode is 26 or 11;

    private void Initialise(string schema)
    {
        using var connection = Open();
        using (var check = connection.CreateCommand())
        {
            check.CommandText = "PRAGMA quick_check;";
            var result = check.ExecuteScalar() as string;
            if (!string.Equals(result, "ok", StringComparison.OrdinalIgnoreCase))
            {
                throw new SqliteException($"quick_check: {result}", 11);
            }
        }

        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;\n" + schema;
        command.ExecuteNonQuery();
    }

    private void MoveAside(string reason)
    {
        var aside = $"{Path}.corrupt-{DateTime.UtcNow:yyyyMMdd'T'HHmmss'Z'}";
        File.Move(Path, aside, overwrite: true);
        foreach (var suffix in new[] { "-wal", "-shm" })
        {
            if (File.Exists(Path + suffix))
            {
                File.Move(Path + suffix, aside + suffix, overwrite: true);
            }
        }

        Logger.LogWarning("Cache file {File} is damaged ({Reason}); moved it aside to {Aside} and rebuilding it", Path, reason, aside);
    }
}
