using LoftCompare.Corpora.Text;

namespace LoftCompare.Corpora.Shipped;

/// <summary>
/// Blanks one informative span in a sentence — a number or a mid-sentence proper name — as in cloze reading tests
/// (Children's Book Test, CNN/Daily Mail). The span never appears elsewhere in the masked sentence, so the query alone cannot answer it.
/// </summary>
public static class ClozeMaker
{
    public const string Blank = "____";

    private static readonly HashSet<string> Connectors = new(StringComparer.Ordinal) { "of", "the", "and" };

    public static IReadOnlyList<ClozeQuestion> Candidates(string sentence, int minWords = 12, int maxWords = 45)
    {
        var words = Words.Find(sentence);
        if (words.Count < minWords || words.Count > maxWords)
        {
            return [];
        }

        var candidates = new List<ClozeQuestion>();
        for (var i = 1; i < words.Count; i++)
        {
            var length = SpanLength(words, i);
            if (length == 0)
            {
                continue;
            }

            var first = words[i];
            var last = words[i + length - 1];
            var answer = sentence[first.Start..last.End];
            var masked = sentence[..first.Start] + Blank + sentence[last.End..];
            if (!masked.Contains(answer, StringComparison.OrdinalIgnoreCase) && IsInformative(answer))
            {
                candidates.Add(new ClozeQuestion(masked, answer));
            }

            i += length - 1;
        }

        return candidates;
    }

    private static int SpanLength(IReadOnlyList<WordSpan> words, int start)
    {
        var word = words[start].Text;
        if (char.IsDigit(word[0]))
        {
            return 1;
        }

        if (!char.IsUpper(word[0]))
        {
            return 0;
        }

        // A run of capitalised words, allowing "of"/"the"/"and" inside ("Secretary of the Treasury"), at most four content words.
        var end = start + 1;
        var contentWords = 1;
        while (end < words.Count && contentWords < 4 && words[end].Start - words[end - 1].End <= 1)
        {
            var next = words[end].Text;
            if (char.IsUpper(next[0]))
            {
                contentWords++;
                end++;
            }
            else if (ConnectorsBeforeCapital(words, end) is > 0 and var connectors)
            {
                end += connectors;
            }
            else
            {
                break;
            }
        }

        return end - start;
    }

    /// <summary>How many connector words ("of the") start at <paramref name="at"/> and lead to a capitalised word; 0 if they do not.</summary>
    private static int ConnectorsBeforeCapital(IReadOnlyList<WordSpan> words, int at)
    {
        var count = 0;
        while (at + count < words.Count && count < 2 && Connectors.Contains(words[at + count].Text))
        {
            count++;
        }

        return count > 0 && at + count < words.Count && char.IsUpper(words[at + count].Text[0]) ? count : 0;
    }

    // Capitalised function words mid-sentence come from headings or split errors, not names.
    private static readonly HashSet<string> FunctionWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "the", "this", "that", "these", "those", "its", "our", "can", "and", "but", "if", "in", "it", "we", "he", "they", "for", "of", "to", "as", "at", "by", "on", "or", "so", "no", "not", "all", "any", "my", "his", "her", "their",
    };

    private static bool IsInformative(string answer)
    {
        var words = answer.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return answer.Length >= 3
            && !FunctionWords.Contains(words[0])
            && !(words.Length > 1 && words.Any(w => w.Length > 1 && w.All(c => !char.IsLetter(c) || char.IsUpper(c))));
    }
}
