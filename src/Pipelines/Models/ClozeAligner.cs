using LoftCompare.Corpora.Text;

namespace LoftCompare.Pipelines.Models;

/// <summary>
/// Extracts the span that fills a blank (<c>____</c>) by aligning the words around the blank with a candidate sentence:
/// the span starts after the matched left context and ends before the matched right context.
/// </summary>
public static class ClozeAligner
{
    public const string Blank = "____";
    private const int ContextWords = 4;
    private const int MaxSpanWords = 8;

    /// <summary>The filled span and how many context words matched, or null when the sentence does not fit the pattern.</summary>
    public static (string Span, int MatchedWords)? Fill(string pattern, string sentence)
    {
        var blankAt = pattern.IndexOf(Blank, StringComparison.Ordinal);
        if (blankAt < 0)
        {
            return null;
        }

        var left = Words.Find(pattern[..blankAt]).TakeLast(ContextWords).Select(w => Words.Key(w.Text)).ToArray();
        var right = Words.Find(pattern[(blankAt + Blank.Length)..]).Take(ContextWords).Select(w => Words.Key(w.Text)).ToArray();
        var words = Words.Find(sentence);
        var keys = words.Select(w => Words.Key(w.Text)).ToArray();

        (string, int)? best = null;
        for (var start = 0; start < words.Count; start++)
        {
            var leftMatched = MatchBackwards(keys, start, left);
            if (leftMatched == 0 && left.Length > 0)
            {
                continue;
            }

            for (var end = start + 1; end <= Math.Min(words.Count, start + MaxSpanWords); end++)
            {
                var rightMatched = MatchForwards(keys, end, right);
                var atSentenceEnd = right.Length == 0 && end == words.Count;
                if (rightMatched == 0 && !atSentenceEnd)
                {
                    continue;
                }

                var matched = leftMatched + rightMatched;
                if (matched >= Math.Min(2, left.Length + right.Length) && (best is null || matched > best.Value.Item2))
                {
                    best = (sentence[words[start].Start..words[end - 1].End], matched);
                }

                break; // the nearest right context wins for this start
            }
        }

        return best;
    }

    private static int MatchBackwards(string[] keys, int start, string[] left)
    {
        var matched = 0;
        for (var i = 1; i <= left.Length && start - i >= 0; i++)
        {
            if (keys[start - i] != left[^i])
            {
                break;
            }

            matched++;
        }

        return matched;
    }

    private static int MatchForwards(string[] keys, int end, string[] right)
    {
        var matched = 0;
        for (var i = 0; i < right.Length && end + i < keys.Length; i++)
        {
            if (keys[end + i] != right[i])
            {
                break;
            }

            matched++;
        }

        return matched;
    }
}
