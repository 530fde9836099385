namespace LoftCompare.Eval.Reports;

/// <summary>Turns summaries into quality-versus-cost trade-offs per task and marks the Pareto front (higher quality, lower cost).</summary>
public static class TradeoffCalculator
{
    public static IReadOnlyList<Tradeoff> Compute(IReadOnlyList<PipelineSummary> summaries, IReadOnlyDictionary<string, string> primaryMetricByTask)
    {
        var tradeoffs = new List<Tradeoff>();
        foreach (var task in summaries.GroupBy(s => s.TaskName))
        {
            if (!primaryMetricByTask.TryGetValue(task.Key, out var metric))
            {
                continue;
            }

            var lines = task.Where(s => s.Scores.ContainsKey(metric)).ToList();
            foreach (var line in lines)
            {
                var quality = line.Scores[metric];
                var cost = line.CostPerQuery?.Estimate * 1000;
                var dominated = cost is null || lines.Any(other => other != line
                    && other.CostPerQuery is { } otherCost
                    && other.Scores[metric].Estimate >= quality.Estimate
                    && otherCost.Estimate * 1000 <= cost
                    && (other.Scores[metric].Estimate > quality.Estimate || otherCost.Estimate * 1000 < cost));
                tradeoffs.Add(new Tradeoff(task.Key, line.Pipeline, line.ModelId, metric, quality, cost, line.P50TotalMs, !dominated));
            }
        }

        return tradeoffs;
    }
}
