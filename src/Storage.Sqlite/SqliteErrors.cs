using LoftCompare.Results;
using Microsoft.Data.Sqlite;

namespace LoftCompare.Storage.Sqlite;

/// <summary>SQLite errors in words, naming the database file.</summary>
public static class SqliteErrors
{
    /// <summary>Says in words what an SQLite error means for the file (not a database, malformed, read-only, locked, ...).</summary>
    public static ResultsDatabaseException Describe(string path, SqliteException ex) => new(
        path,
        ex.SqliteErrorCode switch
        {
            26 => "is not a SQLite database (the file holds something else)",
            11 => "is malformed (SQLite reports it corrupt); restore it from a backup or move it aside",
            8 => "is read-only (check the file's and its folder's permissions)",
            14 => "cannot be opened (check that its folder exists and is writable)",
            5 or 6 => "is locked by another process for longer than the 30 s busy timeout",
            13 => "cannot be written: the disk is full",
            10 => "cannot be read or written (disk I/O error)",
            _ => $"failed: {ex.Message}",
        },
        ex);
}
