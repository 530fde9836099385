using System.Text.RegularExpressions;

namespace LoftCompare.Pipelines.Prompts;

/// <summary>
/// Reads HELMET-style outputs: the text after the last <c>Answer:</c> (or another prefix), rankings written
/// <c>Ranking: ID3 &gt; ID1</c>, and ICL labels after <c>label:</c>. Shared by the HELMET prompt format and the metrics.
/// </summary>
public static partial class HelmetOutputParser
{
    /// <summary>The text after the last <c>Answer:</c>, to the end of its line; the whole output when there is none.</summary>
    public static string ParseAnswer(string output)
    {
        var match = AnswerPrefix().Matches(output).LastOrDefault();
        if (match is null)
        {
            return output.Trim();
        }

        var rest = output[(match.Index + match.Length)..];
        var end = rest.IndexOf('\n');
        return (end < 0 ? rest : rest[..end]).Trim();
    }

    /// <summary>Everything after the last <c>Answer:</c> (all lines: a cited answer may run over several sentences); the whole output when there is none.</summary>
    public static string ParseAnswerBlock(string output)
    {
        var match = AnswerPrefix().Matches(output).LastOrDefault();
        return (match is null ? output : output[(match.Index + match.Length)..]).Trim();
    }

    /// <summary>Document ids in ranked order from <c>Ranking: ID3 &gt; ID1 &gt; ...</c> (the last such line); duplicates keep their first place.</summary>
    public static IReadOnlyList<string> ParseRanking(string output)
    {
        var line = output.Split('\n').LastOrDefault(l => l.Contains("Ranking:", StringComparison.OrdinalIgnoreCase)) ?? output;
        var ranking = line[(line.IndexOf("Ranking:", StringComparison.OrdinalIgnoreCase) is var at and >= 0 ? at + "Ranking:".Length : 0)..];
        return RankedId().Matches(ranking).Select(m => m.Groups["id"].Value).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The label after the last <c>label:</c>, to the end of its line; the first line of the output when there is none.</summary>
    public static string ParseLabel(string output)
    {
        var match = LabelPrefix().Matches(output).LastOrDefault();
        var text = match is null ? output.TrimStart() : output[(match.Index + match.Length)..];
        var end = text.IndexOf('\n');
        return (end < 0 ? text : text[..end]).Trim();
    }

    [GeneratedRegex(@"answer\s*:", RegexOptions.IgnoreCase)]
    private static partial Regex AnswerPrefix();

    [GeneratedRegex(@"label\s*:", RegexOptions.IgnoreCase)]
    private static partial Regex LabelPrefix();

    [GeneratedRegex(@"\[?(?<id>ID\s*\d+|[A-Za-z]*\d+[\w-]*)\]?")]
    private static partial Regex RankedId();
}
