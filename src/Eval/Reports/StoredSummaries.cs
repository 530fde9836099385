using LoftCompare.Eval.Statistics;
using LoftCompare.Results;

namespace LoftCompare.Eval.Reports;

/// <summary>A run's line summaries and each task's leading metric: what the viewer, <c>tradeoffs</c> and reports show.</summary>
public sealed record RunSummaries(IReadOnlyList<PipelineSummary> Lines, IReadOnlyDictionary<string, string> PrimaryMetrics);

/// <summary>
/// Line summaries kept with a run: written once when it ends (<see cref="ToRecords"/>) and read back
/// (<see cref="ReadAsync"/>) equal to what <see cref="ResultSummarizer"/> computes from the rows, so a read of a
/// million-row run costs its few lines, not its rows. A run still running, or recorded before lines were kept, is
/// summarised from its rows.
/// </summary>
public static class StoredSummaries
{
    /// <summary>The <c>aggregates</c> metric that holds $ per query (beside the scores, for SQL users; read back from <c>run_lines</c>).</summary>
    public const string CostMetric = "cost_usd";

    /// <summary>The stored form of a run's summaries: one line record each, and one aggregate per score and for cost.</summary>
    public static (IReadOnlyList<RunLineRecord> Lines, IReadOnlyList<AggregateRecord> Aggregates) ToRecords(string runId, IReadOnlyList<PipelineSummary> summaries, IReadOnlyList<ResultRecord> results)
    {
        var byLine = results.GroupBy(r => (r.TaskName, r.Pipeline, r.ModelId)).ToDictionary(g => g.Key, g => g.ToList());
        var lines = summaries.Select(s =>
        {
            var rows = byLine.GetValueOrDefault((s.TaskName, s.Pipeline, s.ModelId)) ?? [];
            return new RunLineRecord
            {
                RunId = runId, TaskName = s.TaskName, Pipeline = s.Pipeline, ModelId = s.ModelId,
                PrimaryMetric = rows.OrderBy(r => r.QueryId, StringComparer.Ordinal).FirstOrDefault(r => r.PrimaryMetric is not null)?.PrimaryMetric,
                Examples = s.Examples, Failures = s.Failures, Declined = rows.Count(r => r.Outcome == ExampleOutcome.Declined),
                CostMean = s.CostPerQuery?.Estimate, CostLow = s.CostPerQuery?.Low, CostHigh = s.CostPerQuery?.High, CostN = s.CostPerQuery?.N,
                MeanInputTokens = s.MeanInputTokens, MeanOutputTokens = s.MeanOutputTokens, P50TotalMs = s.P50TotalMs, P95TotalMs = s.P95TotalMs, P50RetrievalMs = s.P50RetrievalMs,
            };
        }).ToList();
        var aggregates = summaries.SelectMany(s => s.Scores.Select(score => (Metric: score.Key, Interval: score.Value))
                .Concat(s.CostPerQuery is { } cost ? [(CostMetric, cost)] : [])
                .Select(m => new AggregateRecord
                {
                    RunId = runId, TaskName = s.TaskName, Pipeline = s.Pipeline, ModelId = s.ModelId, Metric = m.Metric,
                    N = m.Interval.N, Mean = m.Interval.Estimate, CiLow = m.Interval.Low, CiHigh = m.Interval.High,
                }))
            .ToList();
        return (lines, aggregates);
    }

    /// <summary>The summaries stored with a finished run; null when it is running or none were stored.</summary>
    public static async Task<RunSummaries?> ReadAsync(IRunQueries store, RunRecord run, CancellationToken cancellationToken = default)
    {
        if (run.Status == RunStatus.Running)
        {
            return null; // its rows are still landing: any stored lines are from before a resume
        }

        var lines = await store.GetRunLinesAsync(run.RunId, cancellationToken);
        if (lines.Count == 0)
        {
            return null;
        }

        var scores = (await store.GetAggregatesAsync(run.RunId, cancellationToken)).Where(a => a.Metric != CostMetric)
            .GroupBy(a => (a.TaskName, a.Pipeline, a.ModelId))
            .ToDictionary(g => g.Key, g => (IReadOnlyDictionary<string, Interval>)g.ToDictionary(a => a.Metric, a => new Interval(a.Mean, a.CiLow ?? a.Mean, a.CiHigh ?? a.Mean, (int)a.N)));
        var summaries = lines.Select(l => new PipelineSummary(
                l.TaskName, l.Pipeline, l.ModelId,
                scores.GetValueOrDefault((l.TaskName, l.Pipeline, l.ModelId)) ?? new Dictionary<string, Interval>(),
                l.CostMean is { } mean ? new Interval(mean, l.CostLow ?? mean, l.CostHigh ?? mean, (int)(l.CostN ?? 0)) : null,
                l.MeanInputTokens, l.MeanOutputTokens, l.P50TotalMs, l.P95TotalMs, l.P50RetrievalMs, (int)l.Examples, (int)l.Failures))
            .ToList();
        var primary = lines.Where(l => l.PrimaryMetric is not null).GroupBy(l => l.TaskName).ToDictionary(g => g.Key, g => g.First().PrimaryMetric!);
        return new RunSummaries(summaries, primary);
    }

    /// <summary>The stored summaries, or (for a running or older run) those computed from its rows.</summary>
    public static async Task<RunSummaries> ReadOrComputeAsync(IRunQueries store, RunRecord run, CancellationToken cancellationToken = default)
    {
        if (await ReadAsync(store, run, cancellationToken) is { } stored)
        {
            return stored;
        }

        return Compute(run, await store.GetResultsAsync(run.RunId, cancellationToken));
    }

    /// <summary>The stored summaries, or those computed from <paramref name="results"/> (the run's rows, already read).</summary>
    public static async Task<RunSummaries> ReadOrComputeAsync(IRunQueries store, RunRecord run, IReadOnlyList<ResultRecord> results, CancellationToken cancellationToken = default)
        => await ReadAsync(store, run, cancellationToken) ?? Compute(run, results);

    private static RunSummaries Compute(RunRecord run, IReadOnlyList<ResultRecord> results)
        => new(new ResultSummarizer(Bootstrap.ForRun(run.BootstrapSeed)).Summarize(results), MarkdownReportWriter.PrimaryMetrics(results));
}
