using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Eval.Metrics;

/// <summary>
/// RULER needle-in-a-haystack: string_match_all (the share of planted values found in the answer) leads, with
/// string_match_part (any found). The answer is every item after <c>Final Answer:</c>, joined.
/// </summary>
public sealed class RecallMetric : IMetric
{
    public TaskKind Kind => TaskKind.Recall;

    public string PrimaryScore => "string_match_all";

    public string Origin => "RULER";

    public IReadOnlyList<string> ScoreNames { get; } = ["string_match_all", "string_match_part"];

    public ValueTask<IReadOnlyDictionary<string, double>> ScoreAsync(Query query, IReadOnlyList<string>? prediction, CancellationToken cancellationToken = default)
        => ValueTask.FromResult(Score(query, prediction));

    public IReadOnlyDictionary<string, double> Score(Query query, IReadOnlyList<string>? prediction)
    {
        var answer = string.Join(" ", prediction ?? []);
        return new Dictionary<string, double>
        {
            ["string_match_all"] = RulerMetrics.StringMatchAll(answer, query.Answers),
            ["string_match_part"] = RulerMetrics.StringMatchPart(answer, query.Answers),
        };
    }
}
