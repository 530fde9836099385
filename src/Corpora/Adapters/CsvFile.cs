using System.Text;

namespace LoftCompare.Corpora.Adapters;

/// <summary>One record of a CSV/TSV file: the line it starts on, and its fields by column name.</summary>
public sealed record CsvRow(int Line, IReadOnlyDictionary<string, string> Fields)
{
    /// <summary>A required, non-empty field; a <see cref="DatasetFormatException"/> naming file, line and column otherwise.</summary>
    public string Required(string path, string column)
        => Fields.TryGetValue(column, out var value) && value.Trim().Length > 0 ? value : throw new DatasetFormatException(path, Line, column, "missing or empty");

    /// <summary>An optional field, null when the column is absent or the cell empty.</summary>
    public string? Optional(string column) => Fields.TryGetValue(column, out var value) && value.Trim().Length > 0 ? value : null;

    /// <summary>A list in one cell, split on <paramref name="separator"/> (<c>|</c> by default), trimmed, empties dropped.</summary>
    public IReadOnlyList<string> List(string column, char separator = '|')
        => Optional(column)?.Split(separator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [];
}

/// <summary>
/// A line-numbered CSV (or TSV) reader for adapters (RFC 4180: quoted fields may hold the delimiter, quotes doubled,
/// and line breaks; a row's line is where it starts). A file missing a required column is one problem for that file —
/// no row of it is read, so one missing column never becomes a dozen follow-on errors.
/// </summary>
public static class CsvFile
{
    /// <summary>The rows of <paramref name="path"/>, or null (with the problem reported or thrown) when the file is missing, unreadable or lacks a required column.</summary>
    public static async Task<IReadOnlyList<CsvRow>?> ReadAsync(string path, IReadOnlyList<string> requiredColumns, DatasetProblems? problems, char delimiter = ',', CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path))
        {
            DatasetProblems.Raise(problems, new DatasetFormatException(path, 0, null, "file does not exist"));
            return null;
        }

        string text;
        try
        {
            text = await File.ReadAllTextAsync(path, new UTF8Encoding(false, throwOnInvalidBytes: true), cancellationToken);
        }
        catch (DecoderFallbackException ex)
        {
            DatasetProblems.Raise(problems, new DatasetFormatException(path, 0, null, $"not valid UTF-8 ({ex.Message})", ex));
            return null;
        }

        var records = Parse(text, delimiter, path, problems);
        if (records.Count == 0)
        {
            DatasetProblems.Raise(problems, new DatasetFormatException(path, 1, null, "no header row"));
            return null;
        }

        var header = records[0].Cells.Select(h => h.Trim()).ToList();
        var missing = requiredColumns.Where(c => !header.Contains(c, StringComparer.Ordinal)).ToList();
        if (missing.Count > 0)
        {
            DatasetProblems.Raise(problems, new DatasetFormatException(path, 1, string.Join(", ", missing), $"required column(s) missing from the header ({string.Join(", ", header)}); no row of this file is read"));
            return null;
        }

        var rows = new List<CsvRow>();
        foreach (var (line, cells) in records.Skip(1).Where(r => !(r.Cells.Count == 1 && r.Cells[0].Length == 0)))
        {
            if (cells.Count != header.Count)
            {
                DatasetProblems.Raise(problems, new DatasetFormatException(path, line, null, $"{cells.Count} fields; the header has {header.Count}"));
                continue;
            }

            rows.Add(new CsvRow(line, header.Zip(cells).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal)));
        }

        return rows;
    }

    private static List<(int Line, List<string> Cells)> Parse(string text, char delimiter, string path, DatasetProblems? problems)
    {
        var records = new List<(int, List<string>)>();
        var cells = new List<string>();
        var field = new StringBuilder();
        var (line, start, quoted, atFieldStart) = (1, 1, false, true);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    line += c == '\n' ? 1 : 0;
                    field.Append(c);
                }

                continue;
            }

            if (c == '"' && atFieldStart)
            {
                quoted = true;
                atFieldStart = false;
            }
            else if (c == delimiter)
            {
                cells.Add(field.ToString());
                field.Clear();
                atFieldStart = true;
            }
            else if (c is '\n' or '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                cells.Add(field.ToString());
                records.Add((start, cells));
                (cells, line, atFieldStart) = (new List<string>(), line + 1, true);
                field.Clear();
                start = line;
            }
            else
            {
                field.Append(c);
                atFieldStart = false;
            }
        }

        if (quoted)
        {
            DatasetProblems.Raise(problems, new DatasetFormatException(path, start, null, "a quoted field is never closed"));
            return records;
        }

        if (field.Length > 0 || cells.Count > 0)
        {
            cells.Add(field.ToString());
            records.Add((start, cells));
        }

        return records;
    }
}
