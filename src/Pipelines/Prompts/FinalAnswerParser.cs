using System.Text;

namespace LoftCompare.Pipelines.Prompts;

/// <summary>
/// Reads the list after the last <c>Final Answer:</c> in a model output, as LOFT's evaluation does:
/// <c>[id1, id2]</c> or <c>['a', "b"]</c>; a bare value without brackets is a one-item list.
/// </summary>
public static class FinalAnswerParser
{
    /// <summary>The parsed items, or null when the output has no <c>Final Answer:</c> line.</summary>
    public static IReadOnlyList<string>? Parse(string output)
    {
        var at = output.LastIndexOf(LoftPromptFormat.FinalAnswerMarker, StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return null;
        }

        var rest = output[(at + LoftPromptFormat.FinalAnswerMarker.Length)..];
        var lineEnd = rest.IndexOf('\n');
        var line = (lineEnd < 0 ? rest : rest[..lineEnd]).Trim();
        if (line.StartsWith('[') && line.EndsWith(']'))
        {
            line = line[1..^1];
        }

        return SplitItems(line);
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
