using System.Text;
using System.Text.RegularExpressions;

namespace LoftCompare.Eval.Metrics;

/// <summary>
/// SQuAD answer normalisation as LOFT applies it (loft/evaluation/utils.py, normalize_answer): Unicode NFD,
/// lower-case, drop ASCII punctuation, drop the articles a/an/the, collapse whitespace.
/// </summary>
public static partial class AnswerNormalizer
{
    private const string AsciiPunctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    public static string Normalize(string text)
    {
        var lowered = text.Normalize(NormalizationForm.FormD).ToLowerInvariant();
        var withoutPunctuation = new StringBuilder(lowered.Length);
        foreach (var c in lowered)
        {
            if (!AsciiPunctuation.Contains(c))
            {
                withoutPunctuation.Append(c);
            }
        }

        var withoutArticles = Articles().Replace(withoutPunctuation.ToString(), " ");
        return string.Join(' ', withoutArticles.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>Normalised whitespace tokens (SQuAD get_tokens).</summary>
    public static string[] Tokens(string text)
        => string.IsNullOrEmpty(text) ? [] : Normalize(text).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    [GeneratedRegex(@"\b(a|an|the)\b")]
    private static partial Regex Articles();
}
