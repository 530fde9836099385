using System.CommandLine;
using System.Text.Json;
using LoftCompare.Results;
using Spectre.Console;

namespace LoftCompare.Worker.Commands;

/// <summary>
/// A listing's columns and rows, printed as a table for people or as CSV or JSON for scripts (<c>--format</c>, the same
/// on every listing command). Cells are text, numbers (<see cref="Number"/>, whole numbers) or booleans: JSON keeps them
/// as JSON numbers and booleans (an empty cell is null); the table and CSV write them as text, the table escaped.
/// </summary>
public sealed class Listing(params string[] columns)
{
    private readonly List<object?[]> rows = [];

    public static Option<string> FormatOption() => new("--format") { Description = "table, csv or json.", DefaultValueFactory = _ => "table" };

    public int Count => rows.Count;

    /// <summary>A number for scripts: full precision (round-trip) as text, a JSON number in JSON, empty (null) when there is none.</summary>
    public static object? Number(double? value) => value;

    public Listing Add(params object?[] cells)
    {
        rows.Add(cells);
        return this;
    }

    private static string Text(object? cell) => cell switch
    {
        null => string.Empty,
        double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => cell.ToString() ?? string.Empty,
    };

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
                    table.AddRow(row.Select(c => Markup.Escape(TerminalText.Clean(Text(c)))).ToArray());
                }

                AnsiConsole.Write(table);
                break;
            case "csv":
                Console.Write(QueryCommand.Csv(new QueryResult(columns, rows.Select(r => r.Select(c => (object?)Text(c)).ToArray()).ToList())));
                break;
            case "json":
                Console.WriteLine(JsonSerializer.Serialize(rows.Select(r => columns.Zip(r).ToDictionary(p => p.First, p => p.Second is string { Length: 0 } ? null : p.Second))));
                break;
            default:
                throw new UsageException($"Unknown --format '{format}'; use table, csv or json.");
        }
    }
}
