using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Eval.Metrics;

/// <summary>
/// Re-ranking (HELMET MS MARCO): nDCG@10 of the predicted order against graded labels (trec_eval definition; a
/// document without a grade gains 1 when it is gold, 0 otherwise); nDCG@5 and recall@5 beside it.
/// </summary>
public sealed class RerankMetric : IMetric
{
    public TaskKind Kind => TaskKind.Rerank;

    public string PrimaryScore => "ndcg@10";

    public string Origin => "HELMET";

    public IReadOnlyList<string> ScoreNames { get; } = ["ndcg@10", "ndcg@5", "recall@5"];

    public ValueTask<IReadOnlyDictionary<string, double>> ScoreAsync(Query query, IReadOnlyList<string>? prediction, CancellationToken cancellationToken = default)
        => ValueTask.FromResult(Score(query, prediction));

    public IReadOnlyDictionary<string, double> Score(Query query, IReadOnlyList<string>? prediction)
    {
        var ranking = prediction ?? [];
        var gains = query.GoldDocIds.Concat(query.Relevance.Keys).Distinct(StringComparer.Ordinal)
            .ToDictionary(id => id, id => (double)query.GainOf(id), StringComparer.Ordinal);
        var relevant = gains.Where(g => g.Value > 0).Select(g => g.Key).ToList();
        return new Dictionary<string, double>
        {
            ["ndcg@10"] = RetrievalMetrics.NdcgAtK(gains, ranking, 10),
            ["ndcg@5"] = RetrievalMetrics.NdcgAtK(gains, ranking, 5),
            ["recall@5"] = RetrievalMetrics.RecallAtK(relevant, ranking, 5),
        };
    }
}
