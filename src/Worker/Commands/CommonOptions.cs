using System.CommandLine;

namespace LoftCompare.Worker.Commands;

/// <summary>Options every command that touches results or reports shares, with the same names and defaults.</summary>
public static class CommonOptions
{
    public static Option<string> Db() => new("--db") { Description = "Results store: a SQLite file, or PostgreSQL as postgres://user@host:port/database (password from PGPASSWORD or ~/.pgpass).", DefaultValueFactory = _ => "loftcompare.db" };

    /// <summary>Persisted indexes and the embedding cache; <c>LOFTCOMPARE_DATA_DIR</c> or <c>./.loftcompare</c> by default.</summary>
    public static Option<string> DataDir() => new("--data-dir")
    {
        Description = "Folder for persisted vector indexes and the embedding cache.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("LOFTCOMPARE_DATA_DIR") is { Length: > 0 } dir ? dir : ".loftcompare",
    };

    public static Option<string> Out() => new("--out") { Description = "Folder for reports.", DefaultValueFactory = _ => "reports" };
}
