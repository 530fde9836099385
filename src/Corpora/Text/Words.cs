using System.Text.RegularExpressions;

namespace LoftCompare.Corpora.Text;

/// <summary>Word tokenisation with character offsets; numbers such as <c>4,000,000</c> and words such as <c>co-operation</c> stay whole.</summary>
public static partial class Words
{
    public static IReadOnlyList<WordSpan> Find(string text)
        => WordPattern().Matches(text).Select(m => new WordSpan(m.Value, m.Index, m.Length)).ToList();

    /// <summary>Lower-cased comparison key for aligning words across texts.</summary>
    public static string Key(string word) => word.ToLowerInvariant().Replace('’', '\'');

    [GeneratedRegex(@"[\p{L}\p{N}]+(?:[.,'’\-][\p{L}\p{N}]+)*")]
    private static partial Regex WordPattern();
}
