using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Pipelines.Retrieval;

/// <summary>
/// Reciprocal-rank fusion (Cormack et al., 2009) of several retrievers: score(d) = Σ 1 / (k + rank_i(d)), ranks from 1,
/// over each retriever's top <c>depth</c>. Ties go to the document with the better single rank, then corpus order.
/// </summary>
public sealed class HybridRetriever(IReadOnlyList<IRetriever> retrievers, int k = 60, int depth = 100) : IRetriever
{
    public string Name => $"hybrid:rrf({string.Join("+", retrievers.Select(r => r.Name))})";

    public bool EmbedsText => retrievers.Any(r => r.EmbedsText);

    public async Task IndexAsync(IReadOnlyList<Document> corpus, CancellationToken cancellationToken = default)
    {
        foreach (var retriever in retrievers)
        {
            await retriever.IndexAsync(corpus, cancellationToken);
        }
    }

    public async Task<IReadOnlyList<RetrievedDocument>> RetrieveAsync(IReadOnlyList<Document> corpus, string query, int topK, CancellationToken cancellationToken = default)
    {
        var rankings = new List<IReadOnlyList<RetrievedDocument>>();
        foreach (var retriever in retrievers)
        {
            rankings.Add(await retriever.RetrieveAsync(corpus, query, Math.Max(depth, topK), cancellationToken));
        }

        return Fuse(corpus, rankings, k).Take(topK).ToList();
    }

    public static IEnumerable<RetrievedDocument> Fuse(IReadOnlyList<Document> corpus, IEnumerable<IReadOnlyList<RetrievedDocument>> rankings, int k)
    {
        var fused = new Dictionary<string, (double Score, int BestRank)>(StringComparer.Ordinal);
        foreach (var ranking in rankings)
        {
            for (var i = 0; i < ranking.Count; i++)
            {
                var id = ranking[i].Document.Id;
                var (score, best) = fused.GetValueOrDefault(id, (0, int.MaxValue));
                fused[id] = (score + (1.0 / (k + i + 1)), Math.Min(best, i + 1));
            }
        }

        var order = corpus.Select((d, i) => (d.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        return fused
            .OrderByDescending(f => f.Value.Score)
            .ThenBy(f => f.Value.BestRank)
            .ThenBy(f => order[f.Key])
            .Select(f => new RetrievedDocument(corpus[order[f.Key]], (float)f.Value.Score));
    }
}
