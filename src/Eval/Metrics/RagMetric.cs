using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Eval.Metrics;

/// <summary>LOFT single-value RAG: EM, subspan EM and F1 on the first predicted answer; subspan EM leads, as in the LOFT paper.</summary>
public sealed class RagMetric : IMetric
{
    public TaskKind Kind => TaskKind.Rag;

    public string Origin => "LOFT";

    public string PrimaryScore => "subspan_em";

    public IReadOnlyList<string> ScoreNames { get; } = ["subspan_em", "em", "f1"];

    public ValueTask<IReadOnlyDictionary<string, double>> ScoreAsync(Query query, IReadOnlyList<string>? prediction, CancellationToken cancellationToken = default)
        => ValueTask.FromResult(Score(query, prediction));

    public IReadOnlyDictionary<string, double> Score(Query query, IReadOnlyList<string>? prediction)
    {
        if (prediction is null || prediction.Count == 0)
        {
            return new Dictionary<string, double> { ["subspan_em"] = 0, ["em"] = 0, ["f1"] = 0 };
        }

        var answer = prediction[0]; // LOFT scores only the first answer for single-value RAG
        return new Dictionary<string, double>
        {
            ["subspan_em"] = RagMetrics.SubspanExactMatch(query.Answers, answer),
            ["em"] = RagMetrics.ExactMatch(query.Answers, answer),
            ["f1"] = RagMetrics.F1(query.Answers, answer),
        };
    }
}
