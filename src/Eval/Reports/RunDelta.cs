using LoftCompare.Eval.Statistics;

namespace LoftCompare.Eval.Reports;

/// <summary>How one (task, pipeline, model)'s leading score moved between an older and a newer run.</summary>
/// <param name="Paired">True when both runs used the same task set (same content hash), so the difference is paired by query.</param>
/// <param name="Regression">The newer run is worse by more than the interval allows: the whole interval of the change lies below zero.</param>
public sealed record RunDelta(string TaskName, string Pipeline, string ModelId, string Metric, Interval Older, Interval Newer, Interval Change, bool Paired, bool Regression, double? OlderCostPer1k, double? NewerCostPer1k);
