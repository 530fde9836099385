using LoftCompare.Eval.Statistics;

namespace LoftCompare.Eval.Reports;

/// <summary>One (task, pipeline, model) line of a report: scores with 95% intervals, cost, tokens, latency and counts.</summary>
/// <param name="Scores">Mean of each score over all examples (a failed example scores 0), with its bootstrap interval.</param>
/// <param name="CostPerQuery">Mean $ per query with its interval; null when the suite priced nothing for this line.</param>
public sealed record PipelineSummary(
    string TaskName,
    string Pipeline,
    string ModelId,
    IReadOnlyDictionary<string, Interval> Scores,
    Interval? CostPerQuery,
    double? MeanInputTokens,
    double? MeanOutputTokens,
    double? P50TotalMs,
    double? P95TotalMs,
    double? P50RetrievalMs,
    int Examples,
    int Failures)
{
    /// <summary>The score's mean, or null when this line has no such score.</summary>
    public double? Mean(string score) => Scores.TryGetValue(score, out var interval) ? interval.Estimate : null;
}
