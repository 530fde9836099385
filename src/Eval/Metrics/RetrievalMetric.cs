using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Eval.Metrics;

/// <summary>LOFT retrieval: recall@k and mrecall@k for k = 1, 2, 3, 5 and capped_recall@1; recall@1 leads, as in the LOFT paper.</summary>
public sealed class RetrievalMetric : IMetric
{
    private static readonly int[] Ks = [1, 2, 3, 5];

    public TaskKind Kind => TaskKind.Retrieval;

    public string Origin => "LOFT";

    public string PrimaryScore => "recall@1";

    public IReadOnlyList<string> ScoreNames { get; } = [.. Ks.Select(k => $"recall@{k}"), .. Ks.Select(k => $"mrecall@{k}"), "capped_recall@1"];

    public ValueTask<IReadOnlyDictionary<string, double>> ScoreAsync(Query query, IReadOnlyList<string>? prediction, CancellationToken cancellationToken = default)
        => ValueTask.FromResult(Score(query, prediction));

    public IReadOnlyDictionary<string, double> Score(Query query, IReadOnlyList<string>? prediction)
    {
        var predicted = prediction ?? [];
        var scores = new Dictionary<string, double>();
        foreach (var k in Ks)
        {
            scores[$"recall@{k}"] = RetrievalMetrics.RecallAtK(query.GoldDocIds, predicted, k);
        }

        foreach (var k in Ks)
        {
            scores[$"mrecall@{k}"] = RetrievalMetrics.MRecallAtK(query.GoldDocIds, predicted, k);
        }

        scores["capped_recall@1"] = RetrievalMetrics.CappedRecallAtK(query.GoldDocIds, predicted, 1);
        return scores;
    }
}
