using System.Text;
using LoftCompare.Results.Rows;

namespace LoftCompare.Storage.Postgres;

/// <summary>
/// PostgreSQL's text cannot hold NUL (SQLite's can), and one NUL in a model's output must not cost a row: free text is
/// stored with NUL written as U+E000 '0' and U+E000 itself as U+E000 U+E000 (a private-use mark), and read back
/// exactly, so both stores give back the same text.
/// </summary>
public static class PostgresText
{
    private const char Mark = '\uE000';

    public static string? Escape(string? text)
    {
        if (text is null || text.AsSpan().IndexOfAny('\0', Mark) < 0)
        {
            return text;
        }

        var stored = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            _ = c switch
            {
                '\0' => stored.Append(Mark).Append('0'),
                Mark => stored.Append(Mark).Append(Mark),
                _ => stored.Append(c),
            };
        }

        return stored.ToString();
    }

    public static string? Unescape(string? stored)
    {
        if (stored is null || stored.IndexOf(Mark) < 0)
        {
            return stored;
        }

        var text = new StringBuilder(stored.Length);
        for (var i = 0; i < stored.Length; i++)
        {
            if (stored[i] == Mark && i + 1 < stored.Length && stored[i + 1] is '0' or Mark)
            {
                text.Append(stored[++i] == '0' ? '\0' : Mark);
            }
            else
            {
                text.Append(stored[i]);
            }
        }

        return text.ToString();
    }

    /// <summary>A result row as PostgreSQL stores it: its free text (the model's output, the error, the context note) escaped.</summary>
    public static ResultRow Stored(ResultRow row)
    {
        row.RawOutput = Escape(row.RawOutput);
        row.Error = Escape(row.Error);
        row.ContextNote = Escape(row.ContextNote);
        return row;
    }

    /// <summary>A result row as read back: its free text as it was written.</summary>
    public static ResultRow Read(ResultRow row)
    {
        row.RawOutput = Unescape(row.RawOutput);
        row.Error = Unescape(row.Error);
        row.ContextNote = Unescape(row.ContextNote);
        return row;
    }
}
