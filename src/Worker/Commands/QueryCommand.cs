using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using LoftCompare.Results;
using Spectre.Console;
using LoftCompare.Storage.Sqlite;

namespace LoftCompare.Worker.Commands;

/// <summary><c>loftcompare query "SQL" [--format table|csv|json] [--db PATH]</c>: read-only SQL over the results database.</summary>
public static class QueryCommand
{
    public static Command Create()
    {
        var sql = new Argument<string>("sql") { Description = "A SELECT (or reading PRAGMA) over the results database." };
        var format = new Option<string>("--format") { Description = "table, csv or json.", DefaultValueFactory = _ => "table" };
        var timeout = new Option<double>("--timeout") { Description = "Seconds before the query is stopped.", DefaultValueFactory = _ => 30 };
        var maxRows = new Option<int>("--max-rows") { Description = "The most rows printed; a cut result says so on stderr (0: no limit).", DefaultValueFactory = _ => 10_000 };
        var readerRole = new Option<string>("--reader-role") { Description = "PostgreSQL: the role a privileged --db (a superuser, or one that can reach server files or programs) reads as.", DefaultValueFactory = _ => LoftCompare.Storage.Postgres.PostgresReadOnlyQuery.DefaultReaderRole };
        var db = CommonOptions.Db();
        var command = new Command("query", "Run one read-only SQL statement against the results database (writes, ATTACH, writing PRAGMAs, extensions and further statements are refused).") { sql, format, timeout, maxRows, readerRole, db };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var limit = TimeSpan.FromSeconds(parse.GetValue(timeout));
            var rows = parse.GetValue(maxRows) switch
            {
                0 => int.MaxValue,
                < 0 => throw new UsageException("--max-rows must be 0 (no limit) or more."),
                var n => n,
            };
            var result = LoftCompare.Storage.Postgres.PostgresConnection.IsPostgres(parse.GetValue(db)!)
                ? await LoftCompare.Storage.Postgres.PostgresReadOnlyQuery.RunAsync(parse.GetValue(db)!, parse.GetValue(sql)!, rows, limit, cancellationToken, parse.GetValue(readerRole)!)
                : await ReadOnlyQuery.RunAsync(parse.GetValue(db)!, parse.GetValue(sql)!, rows, cancellationToken, limit);
            var toTerminal = !Console.IsOutputRedirected;
            switch (parse.GetValue(format)!.ToLowerInvariant())
            {
                case "csv":
                    Console.Write(toTerminal ? TerminalText.Clean(Csv(result)) : Csv(result));
                    break;
                case "json":
                    Console.WriteLine(JsonSerializer.Serialize(result.Rows.Select(r => result.Columns.Select((c, i) => (c, r[i])).ToDictionary(p => p.c, p => p.Item2))));
                    break;
                case "table":
                    var table = new Table().AddColumns(result.Columns.Select(c => new TableColumn(Markup.Escape(c))).ToArray());
                    foreach (var row in result.Rows)
                    {
                        table.AddRow(row.Select(v => Markup.Escape(TerminalText.Clean(Text(v)))).ToArray());
                    }

                    AnsiConsole.Write(table);
                    break;
                default:
                    throw new UsageException($"Unknown --format '{parse.GetValue(format)}'; use table, csv or json.");
            }

            if (result.CutAtBytes is { } cut)
            {
                await Console.Error.WriteLineAsync($"query: showing the first {result.Rows.Count:N0} rows; the result has more than the {cut / (1024 * 1024):N0} MiB of values a query holds (select fewer or narrower columns).");
            }
            else if (result.Truncated)
            {
                // stderr, so csv and json on stdout stay machine-readable.
                await Console.Error.WriteLineAsync($"query: showing the first {result.Rows.Count:N0} rows; the result has more (raise --max-rows, 0 for no limit).");
            }

            return 0;
        });
        return command;
    }

    /// <summary>RFC 4180 CSV: fields with commas, quotes or line breaks are quoted, quotes doubled.</summary>
    public static string Csv(QueryResult result)
    {
        var csv = new StringBuilder();
        csv.AppendLine(CsvLine(result.Columns));
        foreach (var row in result.Rows)
        {
            csv.AppendLine(CsvLine(row));
        }

        return csv.ToString();
    }

    /// <summary>One CSV record (no line end), for writers that stream rows.</summary>
    public static string CsvLine(IEnumerable<object?> values) => string.Join(',', values.Select(v => Field(Text(v))));

    private static string Field(string value) => value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;

    private static string Text(object? value) => value switch
    {
        null => string.Empty,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        byte[] bytes => Convert.ToHexString(bytes),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };
}
