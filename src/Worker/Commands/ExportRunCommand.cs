using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using LoftCompare.Results;
using LoftCompare.Results.Rows;

namespace LoftCompare.Worker.Commands;

/// <summary><c>loftcompare export-run RUN_ID [--format jsonl|csv] [--out FILE] [--db PATH]</c>: every result row of a run, for other tools.</summary>
public static class ExportRunCommand
{
    public static Command Create()
    {
        var run = new Argument<string>("run") { Description = "The run's id." };
        var format = new Option<string>("--format") { Description = "jsonl (one result row per line, as the API gives it) or csv (every column of the results table, as the database names and holds it).", DefaultValueFactory = _ => "jsonl" };
        var output = new Option<string?>("--out") { Description = "File to write (standard output when left out)." };
        var db = CommonOptions.Db();
        var command = new Command("export-run", "Write every result row of one run as JSON Lines or CSV.") { run, format, output, db };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var store = await ResultsDatabase.OpenForReadingAsync(parse.GetValue(db)!, cancellationToken);
            var runId = parse.GetValue(run)!;
            _ = await store.GetRunAsync(runId, cancellationToken) ?? throw new UsageException($"Run '{runId}' is not in '{parse.GetValue(db)}'.");
            var kind = parse.GetValue(format)!.ToLowerInvariant();
            if (kind is not ("jsonl" or "csv"))
            {
                throw new UsageException($"Unknown --format '{kind}'; use jsonl or csv.");
            }

            // Streamed row by row: a million-row run is written in constant memory.
            var path = parse.GetValue(output);
            await using var file = path is null ? null : new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false));
            var writer = file ?? Console.Out;
            if (kind == "csv")
            {
                await writer.WriteLineAsync(QueryCommand.CsvLine(ResultColumns.All.Select(c => (object?)c.Name)));
            }

            var rows = 0L;
            await foreach (var row in store.StreamResultsAsync(runId, cancellationToken))
            {
                await writer.WriteLineAsync(kind == "jsonl" ? JsonSerializer.Serialize(row, StoredText.SnakeCase) : QueryCommand.CsvLine(ResultColumns.Values(ResultRow.From(row))));
                rows++;
            }

            await writer.FlushAsync(cancellationToken);
            if (path is not null)
            {
                await Console.Error.WriteLineAsync($"{rows} rows of run {runId} written to {Path.GetFullPath(path)}.");
            }

            return 0;
        });
        return command;
    }
}
