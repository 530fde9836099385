using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LoftCompare.Pipelines.CacheFiles;

/// <summary>
/// A small SQLite file in the data directory (a cache): created with its schema on first use, opened per call.
/// A cache is disposable, so a file that is not a sound SQLite database (garbage, truncated, malformed) is moved aside
/// as <c>NAME.corrupt-TIMESTAMP</c> and rebuilt empty, with one warning naming both files; it never fails a run. A
/// cache that cannot be written (its disk full, its file read-only) is said once, naming the file and the free space,
/// and the work it would have kept is done anyway; one that cannot even be created is refused naming the file.
/// </summary>
public sealed class SqliteFile
{
    private readonly string connectionString;
    private int unwritableSaid;

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
        catch (SqliteException ex) when (IsUnwritable(ex))
        {
            throw new IOException($"cache file '{Path}' cannot be created: {Reason(ex)}", ex);
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

    /// <summary>SQLite's "disk full" (13), "read-only" (8) and I/O (10: what a full disk gives WAL) errors: the cache cannot grow.</summary>
    public static bool IsUnwritable(SqliteException ex) => ex.SqliteErrorCode is 13 or 8 or 10;

    /// <summary>Says, once per file, that the cache cannot be written and the run goes on without it.</summary>
    public void CannotWrite(SqliteException ex)
    {
        if (Interlocked.Exchange(ref unwritableSaid, 1) == 0)
        {
            Logger.LogWarning("Cache file {File} cannot be written ({Reason}); going on without caching what it would have kept", Path, Reason(ex));
        }
    }

    /// <summary>Why: a disk with (next to) nothing free is full whatever SQLite calls it (WAL reports a full disk as an I/O error).</summary>
    private string Reason(SqliteException ex)
    {
        long? free;
        try
        {
            free = new DriveInfo(System.IO.Path.GetDirectoryName(Path)!).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            free = null;
        }

        var what = ex.SqliteErrorCode == 13 || free < 64 * 1024 ? "its disk is full"
            : ex.SqliteErrorCode == 8 ? "it is read-only"
            : $"SQLite error {ex.SqliteErrorCode}: {ex.Message}";
        return free is { } bytes ? $"{what}; {bytes:N0} bytes free on its disk" : what;
    }

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
