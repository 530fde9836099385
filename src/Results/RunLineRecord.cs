namespace LoftCompare.Results;

/// <summary>
/// A row of <c>run_lines</c>: one (task, pipeline, model) line of a finished run, summarised once when the run ends and
/// read back by the viewer, <c>tradeoffs</c> and reports (with the line's scores in <c>aggregates</c>), so a read never
/// recomputes it from every row.
/// </summary>
public sealed record RunLineRecord
{
    public required string RunId { get; init; }
    public required string TaskName { get; init; }
    public required string Pipeline { get; init; }
    public required string ModelId { get; init; }
    /// <summary>The task's leading metric, as its rows name it; null when no row names one.</summary>
    public string? PrimaryMetric { get; init; }
    /// <summary>Examples in the means: every row but the declined ones.</summary>
    public required long Examples { get; init; }
    public required long Failures { get; init; }
    public required long Declined { get; init; }
    /// <summary>Mean $ per query with its 95% bootstrap interval and the priced rows it is over; null without a price.</summary>
    public double? CostMean { get; init; }
    public double? CostLow { get; init; }
    public double? CostHigh { get; init; }
    public long? CostN { get; init; }
    public double? MeanInputTokens { get; init; }
    public double? MeanOutputTokens { get; init; }
    public double? P50TotalMs { get; init; }
    public double? P95TotalMs { get; init; }
    public double? P50RetrievalMs { get; init; }
}
