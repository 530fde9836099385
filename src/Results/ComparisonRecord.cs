namespace LoftCompare.Results;

/// <summary>A row of <c>comparisons</c>: the paired difference A − B of one metric on the queries both answered, with its 95% interval.</summary>
public sealed record ComparisonRecord
{
    public required string RunId { get; init; }
    public required string TaskName { get; init; }
    public required string Metric { get; init; }
    public required string PipelineA { get; init; }
    public required string ModelA { get; init; }
    public required string PipelineB { get; init; }
    public required string ModelB { get; init; }
    public required long N { get; init; }
    public required double MeanDiff { get; init; }
    public required double CiLow { get; init; }
    public required double CiHigh { get; init; }
    /// <summary>1 when the interval excludes zero.</summary>
    public required bool Significant { get; init; }
    /// <summary>McNemar's exact two-sided p for a right/wrong metric (null for a continuous one).</summary>
    public double? McNemarP { get; init; }
    /// <summary>The 2×2 table of a right/wrong metric: both right, only A, only B, neither (null for a continuous one).</summary>
    public long? BothRight { get; init; }
    public long? OnlyA { get; init; }
    public long? OnlyB { get; init; }
    public long? Neither { get; init; }
}
