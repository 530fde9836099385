using System.Text.RegularExpressions;
using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Pipelines.Prompts;

/// <summary>Reads a LOFT corpus-in-context prompt back into its documents and its (last) query, for readers that work from the prompt alone.</summary>
public static partial class LoftPromptReader
{
    public static IReadOnlyList<Document> Documents(string prompt)
        => DocumentLine().Matches(prompt).Select(m => new Document(m.Groups["id"].Value, m.Groups["title"].Value, m.Groups["content"].Value)).ToList();

    /// <summary>The text after the last <c>query: </c> marker, to the end of its line; empty when there is none.</summary>
    public static string Query(string prompt)
    {
        var at = prompt.LastIndexOf("\n" + LoftPromptFormat.QueryMarker, StringComparison.Ordinal);
        if (at < 0)
        {
            return string.Empty;
        }

        var start = at + 1 + LoftPromptFormat.QueryMarker.Length;
        var end = prompt.IndexOf('\n', start);
        return (end < 0 ? prompt[start..] : prompt[start..end]).Trim();
    }

    [GeneratedRegex(@"^ID: (?<id>[^|\n]+?) \| TITLE: (?<title>[^\n]*?) \| CONTENT: (?<content>[^\n]*) \| END ID: \k<id>$", RegexOptions.Multiline)]
    private static partial Regex DocumentLine();
}
