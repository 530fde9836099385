using System.Text.Json;
using LoftCompare.Eval.Results;
using LoftCompare.Eval.Statistics;

namespace LoftCompare.Eval.Reports;

/// <summary>Aggregates a run's result rows per (task, pipeline, model). Failed examples count as failures and score 0 in the means, so failing is never rewarded.</summary>
public static class ResultSummarizer
{
    public static IReadOnlyList<PipelineSummary> Summarize(IEnumerable<ResultRecord> results)
        => results
            .GroupBy(r => (r.TaskName, r.Pipeline, r.ModelId))
            .OrderBy(g => g.Key.TaskName, StringComparer.Ordinal).ThenBy(g => g.Key.Pipeline, StringComparer.Ordinal).ThenBy(g => g.Key.ModelId, StringComparer.Ordinal)
            .Select(Summarize)
            .ToList();

    private static PipelineSummary Summarize(IGrouping<(string TaskName, string Pipeline, string ModelId), ResultRecord> rows)
    {
        var all = rows.ToList();
        var succeeded = all.Where(r => r.Error is null).ToList();
        var scoreRows = succeeded.Select(r => JsonSerializer.Deserialize<Dictionary<string, double>>(r.ScoresJson ?? "{}")!).ToList();
        var names = scoreRows.SelectMany(s => s.Keys).Distinct().ToList();
        var means = names.ToDictionary(n => n, n => all.Count == 0 ? 0 : scoreRows.Sum(s => s.GetValueOrDefault(n)) / all.Count);
        return new PipelineSummary(
            rows.Key.TaskName,
            rows.Key.Pipeline,
            rows.Key.ModelId,
            means,
            Mean(succeeded.Select(r => (double?)r.InputTokens)),
            Mean(succeeded.Select(r => (double?)r.OutputTokens)),
            Percentiles.Of(succeeded.Where(r => r.TotalMs is not null).Select(r => r.TotalMs!.Value), 50),
            Percentiles.Of(succeeded.Where(r => r.TotalMs is not null).Select(r => r.TotalMs!.Value), 95),
            Percentiles.Of(succeeded.Where(r => r.RetrievalMs is > 0).Select(r => r.RetrievalMs!.Value), 50),
            all.Count,
            all.Count - succeeded.Count);
    }

    private static double? Mean(IEnumerable<double?> values)
    {
        var present = values.Where(v => v is not null).Select(v => v!.Value).ToList();
        return present.Count == 0 ? null : present.Average();
    }
}
