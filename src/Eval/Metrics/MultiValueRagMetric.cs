using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Eval.Metrics;

/// <summary>LOFT multi-value RAG (QUEST, QAMPARI): set EM, coverage and one-to-one subspan EM; subspan EM leads.</summary>
public sealed class MultiValueRagMetric : IMetric
{
    public TaskKind Kind => TaskKind.MultiValueRag;

    public string Origin => "LOFT";

    public string PrimaryScore => "subspan_em";

    public IReadOnlyList<string> ScoreNames { get; } = ["subspan_em", "em", "coverage"];

    public ValueTask<IReadOnlyDictionary<string, double>> ScoreAsync(Query query, IReadOnlyList<string>? prediction, CancellationToken cancellationToken = default)
        => ValueTask.FromResult(Score(query, prediction));

    public IReadOnlyDictionary<string, double> Score(Query query, IReadOnlyList<string>? prediction)
    {
        if (prediction is null || prediction.Count == 0)
        {
            // LOFT records em, subspan_em and f1 as 0 for an empty prediction; coverage is 0 too.
            return new Dictionary<string, double> { ["subspan_em"] = 0, ["em"] = 0, ["coverage"] = 0 };
        }

        return new Dictionary<string, double>
        {
            ["subspan_em"] = MultiValueRagMetrics.SubspanExactMatch(query.Answers, prediction),
            ["em"] = MultiValueRagMetrics.SetExactMatch(query.Answers, prediction),
            ["coverage"] = MultiValueRagMetrics.Coverage(query.Answers, prediction),
        };
    }
}
