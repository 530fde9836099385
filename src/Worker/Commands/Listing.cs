using System.CommandLine;
using System.Text.Json;
using LoftCompare.Results;
using Spectre.Console;

namespace LoftCompare.Worker.Commands;

/// <summary>
/// A listing's columns and rows, printed as a table for people or as CSV or JSON for scripts (<c>--format</c>, the same
/// on every listing command). Cells are plain text; the table escapes them.
/// </summary>
public sealed class Listing(params string[] columns)
{
    private readonly List<string[]> rows = [];

    public static Option<string> FormatOption() => new("--format") { Description = "table, csv or json.", DefaultValueFactory = _ => "table" };

    public int Count => rows.Count;

    /// <summary>A number for scripts: full precision (round-trip), empty when there is none.</summary>
    public static string Number(double? value) => value is { } v ? v.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : string.Empty;

    public Listing Add(params string?[] cells)
    {
        rows.Add([.. cells.Select(c => c ?? string.Empty)]);
        return this;
    }

    /// <summary>Prints the listing; for a table, <paramref name="heading"/> (markup) first.</summary>
    public void Write(string format, string? heading = null)
    {
        switch (format.ToLowerInvariant())
        {
            case "table":
                if (heading is not null)
                {
                    AnsiConsole.MarkupLine(heading);
                }

                var table = new Table().AddColumns(columns.Select(c => new TableColumn(Markup.Escape(c))).ToArray());
                foreach (var row in rows)
                {
                    table.AddRow(row.Select(c => Markup.Escape(TerminalText.Clean(c))).ToArray());
                }

                AnsiConsole.Write(table);
                break;
            case "csv":
                Console.Write(QueryCommand.Csv(new QueryResult(columns, rows.Select(r => r.Cast<object?>().ToArray()).ToList())));
                break;
            case "json":
                Console.WriteLine(JsonSerializer.Serialize(rows.Select(r => columns.Zip(r).ToDictionary(p => p.First, p => p.Second))));
                break;
            default:
                throw new UsageException($"Unknown --format '{format}'; use table, csv or json.");
        }
    }
}
