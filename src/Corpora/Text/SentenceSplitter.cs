using System.Text.RegularExpressions;

namespace LoftCompare.Corpora.Text;

/// <summary>Splits prose into sentences at terminal punctuation followed by a capital or an opening quote.</summary>
public static partial class SentenceSplitter
{
    public static IReadOnlyList<string> Split(string text)
    {
        var sentences = new List<string>();
        foreach (var part in Boundary().Split(text))
        {
            var sentence = part.Trim();
            if (sentence.Length > 0)
            {
                sentences.Add(sentence);
            }
        }

        return sentences;
    }

    // Abbreviations such as "Mr." or "U. S." split too early; both the builder and the reader use this splitter, so they agree.
    [GeneratedRegex(@"(?<=[.!?][""'”’)]?)\s+(?=[""“‘(]?[A-Z0-9])")]
    private static partial Regex Boundary();
}
