using System.CommandLine;

namespace LoftCompare.Worker.Commands;

/// <summary>Options every command that touches results or reports shares, with the same names and defaults.</summary>
public static class CommonOptions
{
    public static Option<string> Db() => new("--db") { Description = "Results database (SQLite).", DefaultValueFactory = _ => "loftcompare.db" };

    public static Option<string> Out() => new("--out") { Description = "Folder for reports.", DefaultValueFactory = _ => "reports" };
}
