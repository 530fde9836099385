using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Eval.Metrics;

/// <summary>
/// Many-shot ICL (LOFT <c>evaluation/icl.py</c>): exact match of the first predicted label against the gold label after
/// SQuAD normalisation; further items of an ill-formed output are ignored, as in LOFT.
/// </summary>
public sealed class IclMetric : IMetric
{
    public TaskKind Kind => TaskKind.Icl;

    public string Origin => "LOFT";

    public string PrimaryScore => "em";

    public IReadOnlyList<string> ScoreNames { get; } = ["em"];

    public ValueTask<IReadOnlyDictionary<string, double>> ScoreAsync(Query query, IReadOnlyList<string>? prediction, CancellationToken cancellationToken = default)
        => ValueTask.FromResult(Score(query, prediction));

    public IReadOnlyDictionary<string, double> Score(Query query, IReadOnlyList<string>? prediction)
        => new Dictionary<string, double> { ["em"] = prediction is { Count: > 0 } ? RagMetrics.ExactMatch(query.Answers, prediction[0]) : 0 };
}
