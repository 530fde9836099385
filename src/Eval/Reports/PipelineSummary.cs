namespace LoftCompare.Eval.Reports;

/// <summary>One (task, pipeline, model) line of a report: mean scores over scored examples, token and latency figures, counts.</summary>
public sealed record PipelineSummary(
    string TaskName,
    string Pipeline,
    string ModelId,
    IReadOnlyDictionary<string, double> MeanScores,
    double? MeanInputTokens,
    double? MeanOutputTokens,
    double? P50TotalMs,
    double? P95TotalMs,
    double? P50RetrievalMs,
    int Examples,
    int Failures);
