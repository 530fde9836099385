using LoftCompare.Corpora.Text;

namespace LoftCompare.Pipelines.Retrieval;

/// <summary>
/// Lexical analysis for BM25, matching Lucene's StandardAnalyzer closely: word tokens (numbers such as
/// <c>4,000,000</c> kept whole), lower-cased, minus Lucene's English stop-word set.
/// </summary>
public static class Bm25Analyzer
{
    /// <summary>Lucene's <c>StopAnalyzer.ENGLISH_STOP_WORDS_SET</c>.</summary>
    public static readonly IReadOnlySet<string> StopWords = new HashSet<string>(StringComparer.Ordinal)
    {
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it", "no", "not", "of",
        "on", "or", "such", "that", "the", "their", "then", "there", "these", "they", "this", "to", "was", "will", "with",
    };

    public static IEnumerable<string> Terms(string text)
        => Words.Find(text).Select(w => w.Text.ToLowerInvariant()).Where(t => !StopWords.Contains(t));
}
