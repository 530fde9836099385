using System.Globalization;
using LoftCompare.Results;
using LoftCompare.Eval.Statistics;

namespace LoftCompare.Eval.Reports;

/// <summary>
/// Compares a run with the previous finished run of the same suite: quality drops whose interval excludes zero
/// (paired by query when the task set is the same), per-query cost rises, p50 latency jumps large in ratio and in
/// milliseconds (latency is measured, so small moves are noise), and examples that succeeded before and failed now.
/// </summary>
public sealed class RegressionFinder(Bootstrap bootstrap)
{
    /// <summary>A cost rise beyond this fraction is a regression.</summary>
    public const double CostJump = 0.10;

    /// <summary>A p50 latency at least this many times the previous one …</summary>
    public const double LatencyJump = 1.5;

    /// <summary>… and at least this many milliseconds slower is a regression.</summary>
    public const double LatencyFloorMs = 50;

    /// <summary>The previous finished (succeeded or failed) run of <paramref name="run"/>'s suite, if any.</summary>
    public static async Task<RunRecord?> PreviousRunAsync(IRunQueries store, RunRecord run, CancellationToken cancellationToken = default)
        => (await store.GetRunsOfSuiteAsync(run.SuiteName, DateTimeOffset.MinValue, cancellationToken))
            .Where(r => r.RunId != run.RunId && r.StartedAt < run.StartedAt && r.Status is RunStatus.Succeeded or RunStatus.Failed)
            .MaxBy(r => r.StartedAt);

    /// <summary>Every regression of <paramref name="run"/> against the previous run of its suite; the previous run's id (null when there is none).</summary>
    public async Task<(string? PreviousRunId, IReadOnlyList<Regression> Regressions)> FindAsync(IRunQueries store, RunRecord run, CancellationToken cancellationToken = default)
    {
        var results = await store.GetResultsAsync(run.RunId, cancellationToken);
        return await FindAsync(store, run, results, new ResultSummarizer(bootstrap).Summarize(results), cancellationToken);
    }

    /// <summary>The same, for a run whose rows and line summaries the caller has (a run's end): the previous run's lines are read where stored.</summary>
    public async Task<(string? PreviousRunId, IReadOnlyList<Regression> Regressions)> FindAsync(
        IRunQueries store, RunRecord run, IReadOnlyList<ResultRecord> results, IReadOnlyList<PipelineSummary> lines, CancellationToken cancellationToken = default)
    {
        if (await PreviousRunAsync(store, run, cancellationToken) is not { } previous)
        {
            return (null, []);
        }

        var older = await store.GetResultsAsync(previous.RunId, cancellationToken);
        var olderLines = (await StoredSummaries.ReadOrComputeAsync(store, previous, older, cancellationToken)).Lines;
        var regressions = Find(older, await store.GetRunTasksAsync(previous.RunId, cancellationToken), olderLines, results, await store.GetRunTasksAsync(run.RunId, cancellationToken), lines);
        return (previous.RunId, regressions);
    }

    public IReadOnlyList<Regression> Find(IReadOnlyList<ResultRecord> older, IReadOnlyList<RunTaskRecord> olderTasks, IReadOnlyList<ResultRecord> newer, IReadOnlyList<RunTaskRecord> newerTasks)
    {
        var summarizer = new ResultSummarizer(bootstrap);
        return Find(older, olderTasks, summarizer.Summarize(older), newer, newerTasks, summarizer.Summarize(newer));
    }

    /// <param name="olderLines">The older run's line summaries (stored, or from its rows).</param>
    /// <param name="newerLines">The newer run's line summaries.</param>
    public IReadOnlyList<Regression> Find(
        IReadOnlyList<ResultRecord> older, IReadOnlyList<RunTaskRecord> olderTasks, IReadOnlyList<PipelineSummary> olderLines,
        IReadOnlyList<ResultRecord> newer, IReadOnlyList<RunTaskRecord> newerTasks, IReadOnlyList<PipelineSummary> newerLines)
    {
        var regressions = new List<Regression>();
        foreach (var delta in new RunDeltaCalculator(bootstrap).Compare(older, olderTasks, olderLines, newer, newerTasks, newerLines).Where(d => d.Regression))
        {
            regressions.Add(new Regression(RegressionKind.Quality, delta.TaskName, delta.Pipeline, delta.ModelId,
                $"{delta.Metric} {F(delta.Older.Estimate)} → {F(delta.Newer.Estimate)} (change {F(delta.Change.Estimate)}, 95% CI {F(delta.Change.Low)} to {F(delta.Change.High)}{(delta.Paired ? ", paired by query" : string.Empty)})"));
        }

        var before = olderLines.ToDictionary(s => (s.TaskName, s.Pipeline, s.ModelId));
        foreach (var line in newerLines)
        {
            if (!before.TryGetValue((line.TaskName, line.Pipeline, line.ModelId), out var old))
            {
                continue;
            }

            if (old.CostPerQuery is { Estimate: > 0 } oldCost && line.CostPerQuery is { } newCost && newCost.Estimate > oldCost.Estimate * (1 + CostJump))
            {
                regressions.Add(new Regression(RegressionKind.Cost, line.TaskName, line.Pipeline, line.ModelId,
                    $"$ per 1k queries {Money(oldCost.Estimate)} → {Money(newCost.Estimate)} (+{((newCost.Estimate / oldCost.Estimate) - 1) * 100:0}%)"));
            }

            if (old.P50TotalMs is { } oldMs && line.P50TotalMs is { } newMs && newMs >= oldMs * LatencyJump && newMs - oldMs >= LatencyFloorMs)
            {
                regressions.Add(new Regression(RegressionKind.Latency, line.TaskName, line.Pipeline, line.ModelId,
                    $"p50 latency {oldMs.ToString("N0", CultureInfo.InvariantCulture)} ms → {newMs.ToString("N0", CultureInfo.InvariantCulture)} ms ({newMs / oldMs:0.0}×)"));
            }
        }

        var succeededBefore = older.Where(r => r.Outcome == ExampleOutcome.Succeeded).Select(r => (r.TaskName, r.Pipeline, r.ModelId, r.QueryId)).ToHashSet();
        foreach (var line in newer.Where(r => r.Outcome == ExampleOutcome.Failed && succeededBefore.Contains((r.TaskName, r.Pipeline, r.ModelId, r.QueryId)))
                     .GroupBy(r => (r.TaskName, r.Pipeline, r.ModelId)))
        {
            var first = line.First();
            regressions.Add(new Regression(RegressionKind.NewFailures, line.Key.TaskName, line.Key.Pipeline, line.Key.ModelId,
                $"{line.Count()} example(s) that succeeded before failed, e.g. {first.QueryId}: {Shorten(first.Error)}"));
        }

        return regressions.OrderBy(r => r.TaskName, StringComparer.Ordinal).ThenBy(r => r.Pipeline, StringComparer.Ordinal).ThenBy(r => r.Kind).ToList();
    }

    private static string F(double value) => value.ToString("+0.000;−0.000;0.000", CultureInfo.InvariantCulture).TrimStart('+');

    private static string Money(double perQuery) => (perQuery * 1000).ToString("0.0000", CultureInfo.InvariantCulture);

    private static string Shorten(string? error) => error is null ? "no error recorded" : error.Length <= 120 ? error : error[..120] + "…";
}
