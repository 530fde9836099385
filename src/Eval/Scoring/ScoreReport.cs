using LoftCompare.Corpora.Tasks;
using LoftCompare.Eval.Statistics;

namespace LoftCompare.Eval.Scoring;

/// <summary>The result of scoring a predictions file: each metric's mean with its interval, and what was missing or extra.</summary>
/// <param name="Missing">Gold queries with no prediction (scored 0).</param>
/// <param name="Unknown">Predictions whose qid is not in the split (ignored).</param>
/// <param name="Unparsed">Raw outputs with no <c>Final Answer:</c> (scored 0).</param>
public sealed record ScoreReport(
    string Dataset,
    TaskKind Kind,
    string Split,
    string PrimaryMetric,
    IReadOnlyDictionary<string, Interval> Metrics,
    int Queries,
    int Missing,
    int Unknown,
    int Unparsed)
{
    /// <summary>Whose rules scored it (LOFT, HELMET, RULER).</summary>
    public string Origin { get; init; } = "LOFT";
}
