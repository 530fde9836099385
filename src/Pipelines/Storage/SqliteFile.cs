using Microsoft.Data.Sqlite;

namespace LoftCompare.Pipelines.Storage;

/// <summary>A small SQLite file in the data directory (a cache): created with its schema on first use, opened per call.</summary>
public sealed class SqliteFile
{
    private readonly string connectionString;

    /// <param name="schema">Statements run once at creation, e.g. <c>CREATE TABLE IF NOT EXISTS ...</c>; WAL is switched on first.</param>
    public SqliteFile(string path, string schema)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, DefaultTimeout = 30 }.ToString();
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;\n" + schema;
        command.ExecuteNonQuery();
    }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        return connection;
    }
}
