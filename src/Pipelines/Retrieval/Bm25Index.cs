namespace LoftCompare.Pipelines.Retrieval;

/// <summary>
/// An in-memory inverted index scored with Okapi BM25 in Lucene's form:
/// idf = ln(1 + (N − df + 0.5) / (df + 0.5)), term score = idf · tf · (k1 + 1) / (tf + k1 · (1 − b + b · dl / avgdl)),
/// summed over query terms (a repeated query term counts again, as repeated Lucene clauses do).
/// </summary>
public sealed class Bm25Index
{
    private readonly Dictionary<string, List<(int Document, int Frequency)>> postings = new(StringComparer.Ordinal);
    private readonly int[] lengths;
    private readonly double averageLength;
    private readonly double k1;
    private readonly double b;

    public Bm25Index(IReadOnlyList<string> documents, double k1 = 1.2, double b = 0.75)
    {
        this.k1 = k1;
        this.b = b;
        lengths = new int[documents.Count];
        for (var d = 0; d < documents.Count; d++)
        {
            var frequencies = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var term in Bm25Analyzer.Terms(documents[d]))
            {
                frequencies[term] = frequencies.GetValueOrDefault(term) + 1;
                lengths[d]++;
            }

            foreach (var (term, frequency) in frequencies)
            {
                if (!postings.TryGetValue(term, out var list))
                {
                    postings[term] = list = [];
                }

                list.Add((d, frequency));
            }
        }

        averageLength = documents.Count == 0 ? 0 : lengths.Average();
    }

    public int Count => lengths.Length;

    /// <summary>The best <paramref name="topK"/> documents (index, score), best first; documents sharing no term with the query are left out.</summary>
    public IReadOnlyList<(int Document, double Score)> Search(string query, int topK) => Search(query, topK, null);

    /// <param name="allowed">When given, only these documents (by position) are ranked.</param>
    public IReadOnlyList<(int Document, double Score)> Search(string query, int topK, IReadOnlySet<int>? allowed)
    {
        var scores = new double[lengths.Length];
        var matched = new bool[lengths.Length];
        foreach (var term in Bm25Analyzer.Terms(query))
        {
            if (!postings.TryGetValue(term, out var list))
            {
                continue;
            }

            var idf = Math.Log(1 + ((lengths.Length - list.Count + 0.5) / (list.Count + 0.5)));
            foreach (var (document, frequency) in list)
            {
                var norm = k1 * (1 - b + (b * lengths[document] / averageLength));
                scores[document] += idf * frequency * (k1 + 1) / (frequency + norm);
                matched[document] = true;
            }
        }

        return Enumerable.Range(0, lengths.Length)
            .Where(d => matched[d] && (allowed is null || allowed.Contains(d)))
            .OrderByDescending(d => scores[d])
            .ThenBy(d => d)
            .Take(topK)
            .Select(d => (d, scores[d]))
            .ToList();
    }
}
