using System.Globalization;
using System.Text;
using Microsoft.VisualBasic.FileIO;

namespace LoftCompare.Corpora.Tables;

/// <summary>
/// A table as LOFT's SQL corpus holds it: a document titled with the table's name whose text is CSV with a header row.
/// Cells stay text; <see cref="ColumnTypes"/> says which columns are wholly integer or numeric.
/// </summary>
public sealed record CsvTable(string Name, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    /// <summary>Parses RFC 4180 CSV (quoted fields may hold commas, quotes and line breaks).</summary>
    public static CsvTable Parse(string name, string csv)
    {
        using var parser = new TextFieldParser(new StringReader(csv)) { TextFieldType = FieldType.Delimited, HasFieldsEnclosedInQuotes = true, TrimWhiteSpace = false };
        parser.SetDelimiters(",");
        var header = parser.ReadFields() ?? throw new FormatException($"table '{name}' has no header row");
        var rows = new List<IReadOnlyList<string>>();
        while (!parser.EndOfData)
        {
            var fields = parser.ReadFields();
            if (fields is null || fields is [""])
            {
                continue;
            }

            if (fields.Length != header.Length)
            {
                throw new FormatException($"table '{name}', row {rows.Count + 1}: {fields.Length} cells for {header.Length} columns");
            }

            rows.Add(fields);
        }

        return new CsvTable(name, header, rows);
    }

    /// <summary>The table as CSV text with a header row; cells with commas, quotes or line breaks are quoted.</summary>
    public string ToCsv()
    {
        var text = new StringBuilder();
        text.AppendLine(string.Join(',', Columns.Select(Quote)));
        foreach (var row in Rows)
        {
            text.AppendLine(string.Join(',', row.Select(Quote)));
        }

        return text.ToString();
    }

    /// <summary>Per column: <c>INTEGER</c> when every non-empty cell is an integer, <c>REAL</c> when every one is a number, else <c>TEXT</c>.</summary>
    public IReadOnlyList<string> ColumnTypes()
        => Columns.Select((column, c) =>
        {
            var cells = Rows.Select(r => r[c]).Where(v => v.Length > 0).ToList();
            return cells.Count > 0 && cells.All(v => long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)) ? "INTEGER"
                : cells.Count > 0 && cells.All(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _)) ? "REAL"
                : "TEXT";
        }).ToList();

    private static string Quote(string cell)
        => cell.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + cell.Replace("\"", "\"\"") + "\"" : cell;
}
