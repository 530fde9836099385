using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace LoftCompare.Pipelines.Prompts;

/// <summary>
/// Reads the list after the last <c>Final Answer:</c> in a model output, as LOFT's evaluation does:
/// <c>[id1, id2]</c> or <c>['a', "b"]</c>; a bare value without brackets is a one-item list. A nested list (LOFT SQL's
/// rows, <c>[["a", 1], ["b", 2]]</c>) yields one item per row, written as a JSON array of its cells.
/// </summary>
public static class FinalAnswerParser
{
    private static readonly JsonSerializerOptions RowJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The parsed items, or null when the output has no <c>Final Answer:</c> line.</summary>
    public static IReadOnlyList<string>? Parse(string output) => Parse(output, LoftPromptFormat.FinalAnswerMarker);

    /// <summary>The parsed items after the last <paramref name="marker"/> (LOFT ICL uses <c>Output:</c>), or null when there is none.</summary>
    public static IReadOnlyList<string>? Parse(string output, string marker)
    {
        var at = output.LastIndexOf(marker, StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return null;
        }

        var rest = output[(at + marker.Length)..];
        var lineEnd = rest.IndexOf('\n');
        var line = (lineEnd < 0 ? rest : rest[..lineEnd]).Trim();
        if (line.StartsWith('[') && line.EndsWith(']'))
        {
            line = line[1..^1];
        }

        return SplitItems(line);
    }

    /// <summary>A row as a JSON array of its cells, without escaping quotes or non-ASCII text.</summary>
    public static string JsonRow(IEnumerable<string> cells) => JsonSerializer.Serialize(cells, RowJson);

    /// <summary>The index of the bracket that closes the one at <paramref name="open"/>, skipping quoted text; null when unbalanced.</summary>
    private static int? ClosingBracket(string line, int open)
    {
        var depth = 0;
        char? quote = null;
        for (var i = open; i < line.Length; i++)
        {
            var c = line[i];
            if (quote is { } q)
            {
                i += c == '\\' ? 1 : 0;
                quote = c == q ? null : quote;
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == '[')
            {
                depth++;
            }
            else if (c == ']' && --depth == 0)
            {
                return i;
            }
        }

        return null;
    }

    private static List<string> SplitItems(string line)
    {
        var items = new List<string>();
        var current = new StringBuilder();
        char? quote = null;
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote is { } q)
            {
                if (c == '\\' && i + 1 < line.Length)
                {
                    current.Append(line[++i]);
                }
                else if (c == q)
                {
                    quote = null;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '[' && current.ToString().Trim().Length == 0 && ClosingBracket(line, i) is { } close)
            {
                var cells = SplitItems(line[(i + 1)..close]);
                current.Clear().Append(JsonRow(cells));
                quoted = true;
                i = close;
            }
            else if ((c == '\'' || c == '"') && current.ToString().Trim().Length == 0)
            {
                quote = c;
                quoted = true;
                current.Clear();
            }
            else if (c == ',')
            {
                Add();
            }
            else
            {
                current.Append(c);
            }
        }

        Add();
        return items;

        void Add()
        {
            var item = quoted ? current.ToString() : current.ToString().Trim();
            if (item.Trim().Length > 0)
            {
                items.Add(item.Trim());
            }

            current.Clear();
            quoted = false;
        }
    }
}
