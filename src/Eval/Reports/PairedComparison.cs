using LoftCompare.Eval.Statistics;

namespace LoftCompare.Eval.Reports;

/// <summary>A − B on one score over the queries both lines answered, with the paired bootstrap interval.</summary>
public sealed record PairedComparison(string TaskName, string Metric, PipelineSummary A, PipelineSummary B, Interval Difference)
{
    /// <summary>For a right/wrong score: both right, only A, only B, neither, and McNemar's exact p; null for a continuous one.</summary>
    public Agreement? Agreement { get; init; }
}
