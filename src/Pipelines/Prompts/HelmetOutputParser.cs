using System.Text.RegularExpressions;

namespace LoftCompare.Pipelines.Prompts;

/// <summary>
/// Reads HELMET-style outputs: the text after the last <c>Answer:</c>, rankings written
/// <c>Ranking: ID3 &gt; ID1</c>, and ICL labels after <c>label:</c>. Shared by the HELMET prompt format and the metrics.
/// </summary>
public static partial class HelmetOutputParser
{
    /// <summary>The text after the last <c>Answer:</c>, to the end of its line; the whole output when there is none.</summary>
    public static string ParseAnswer(string output)
        => AfterLast(AnswerPrefix(), output) is { } rest ? FirstLine(rest) : output.Trim();

    /// <summary>Everything after the last <c>Answer:</c> (all lines: a cited answer may run over several sentences); the whole output when there is none.</summary>
    public static string ParseAnswerBlock(string output) => (AfterLast(AnswerPrefix(), output) ?? output).Trim();

    /// <summary>Document ids in ranked order from <c>Ranking: ID3 &gt; ID1 &gt; ...</c> (the last such line); duplicates keep their first place.</summary>
    public static IReadOnlyList<string> ParseRanking(string output)
    {
        var line = output.Split('\n').LastOrDefault(l => l.Contains("Ranking:", StringComparison.OrdinalIgnoreCase)) ?? output;
        var ranking = line[(line.IndexOf("Ranking:", StringComparison.OrdinalIgnoreCase) is var at and >= 0 ? at + "Ranking:".Length : 0)..];
        return RankedId().Matches(ranking).Select(m => m.Groups["id"].Value).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The label after the last <c>label:</c>, to the end of its line; the first line of the output when there is none.</summary>
    public static string ParseLabel(string output) => FirstLine(AfterLast(LabelPrefix(), output) ?? output.TrimStart());

    /// <summary>The text after the last match of <paramref name="prefix"/>; null when it does not occur.</summary>
    private static string? AfterLast(Regex prefix, string output)
        => prefix.Matches(output).LastOrDefault() is { } match ? output[(match.Index + match.Length)..] : null;

    private static string FirstLine(string text) => (text.IndexOf('\n') is var end and >= 0 ? text[..end] : text).Trim();

    [GeneratedRegex(@"answer\s*:", RegexOptions.IgnoreCase)]
    private static partial Regex AnswerPrefix();

    [GeneratedRegex(@"label\s*:", RegexOptions.IgnoreCase)]
    private static partial Regex LabelPrefix();

    [GeneratedRegex(@"\[?(?<id>ID\s*\d+|[A-Za-z]*\d+[\w-]*)\]?")]
    private static partial Regex RankedId();
}
