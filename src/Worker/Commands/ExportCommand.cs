using System.CommandLine;
using LoftCompare.Results;

namespace LoftCompare.Worker.Commands;

/// <summary><c>loftcompare export --db FROM --to TO [--run ID]</c>: copies runs between stores (SQLite ↔ PostgreSQL).</summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var db = CommonOptions.Db();
        var to = new Option<string>("--to") { Description = "The store to copy into: a SQLite file or postgres://user@host:port/database.", Required = true };
        var run = new Option<string?>("--run") { Description = "Copy only this run." };
        var command = new Command("export", "Copy runs (with their tasks, every result row and aggregates) from one results store to another; runs already there are skipped.") { db, to, run };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var source = await ResultsDatabase.OpenForReadingAsync(parse.GetValue(db)!, cancellationToken);
            var target = await ResultsDatabase.OpenAsync(parse.GetValue(to)!, cancellationToken);
            var (copied, skipped, rows) = await new ResultsExporter(source, target).ExportAsync(
                parse.GetValue(run), new SynchronousProgress<string>(line => Console.WriteLine($"copied {line}")), cancellationToken);
            Console.WriteLine($"{copied} run(s) with {rows} result rows copied to {ResultsDatabase.Describe(target)}; {skipped} already there.");
            return 0;
        });
        return command;
    }
}
