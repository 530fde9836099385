using LoftCompare.Eval.Statistics;

namespace LoftCompare.Eval.Reports;

/// <summary>One (pipeline, model) of a task on the quality/cost plane; Pareto-optimal when no other is at least as good and as cheap, and better in one.</summary>
public sealed record Tradeoff(string TaskName, string Pipeline, string ModelId, string Metric, Interval Quality, double? CostPer1kUsd, double? P50Ms, bool ParetoOptimal);
