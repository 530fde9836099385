namespace LoftCompare.Results;

/// <summary>A row of <c>aggregates</c>: one metric's mean over a (task, pipeline, model) with its 95% bootstrap interval.</summary>
public sealed record AggregateRecord
{
    public required string RunId { get; init; }
    public required string TaskName { get; init; }
    public required string Pipeline { get; init; }
    public required string ModelId { get; init; }
    public required string Metric { get; init; }
    public required long N { get; init; }
    public required double Mean { get; init; }
    public double? CiLow { get; init; }
    public double? CiHigh { get; init; }
}
