using LoftCompare.Results;
using LoftCompare.Eval.Statistics;

namespace LoftCompare.Eval.Reports;

/// <summary>
/// Compares the leading score of every (task, pipeline, model) present in two runs. When both ran the same task set the
/// change is a paired bootstrap over shared queries; otherwise an independent-samples bootstrap.
/// </summary>
public sealed class RunDeltaCalculator(Bootstrap bootstrap)
{
    public IReadOnlyList<RunDelta> Compare(
        IReadOnlyList<ResultRecord> older, IReadOnlyList<RunTaskRecord> olderTasks,
        IReadOnlyList<ResultRecord> newer, IReadOnlyList<RunTaskRecord> newerTasks)
    {
        var summarizer = new ResultSummarizer(bootstrap);
        return Compare(older, olderTasks, summarizer.Summarize(older), newer, newerTasks, summarizer.Summarize(newer));
    }

    /// <summary>Two runs of a store: their rows for the paired changes, each run's own stored lines (summarised from its rows where none are stored).</summary>
    public async Task<IReadOnlyList<RunDelta>> CompareAsync(IRunQueries store, RunRecord older, RunRecord newer, CancellationToken cancellationToken = default)
    {
        var (olderRows, newerRows) = (await store.GetResultsAsync(older.RunId, cancellationToken), await store.GetResultsAsync(newer.RunId, cancellationToken));
        return Compare(
            olderRows, await store.GetRunTasksAsync(older.RunId, cancellationToken), (await StoredSummaries.ReadOrComputeAsync(store, older, olderRows, cancellationToken)).Lines,
            newerRows, await store.GetRunTasksAsync(newer.RunId, cancellationToken), (await StoredSummaries.ReadOrComputeAsync(store, newer, newerRows, cancellationToken)).Lines);
    }

    /// <summary>The same with each run's line summaries given (stored ones, or the caller's), so neither run is summarised again.</summary>
    public IReadOnlyList<RunDelta> Compare(
        IReadOnlyList<ResultRecord> older, IReadOnlyList<RunTaskRecord> olderTasks, IReadOnlyList<PipelineSummary> olderSummaries,
        IReadOnlyList<ResultRecord> newer, IReadOnlyList<RunTaskRecord> newerTasks, IReadOnlyList<PipelineSummary> newerSummaries)
    {
        var olderLines = olderSummaries.ToDictionary(s => (s.TaskName, s.Pipeline, s.ModelId));
        var primary = MarkdownReportWriter.PrimaryMetrics(newer);
        var (newByLine, oldByLine) = (ByLine(newer), ByLine(older));
        var deltas = new List<RunDelta>();
        foreach (var line in newerSummaries)
        {
            if (!olderLines.TryGetValue((line.TaskName, line.Pipeline, line.ModelId), out var before)
                || !primary.TryGetValue(line.TaskName, out var metric) || !line.Scores.ContainsKey(metric) || !before.Scores.ContainsKey(metric))
            {
                continue;
            }

            var sameSet = olderTasks.FirstOrDefault(t => t.TaskName == line.TaskName)?.ContentHash is { } hash && newerTasks.FirstOrDefault(t => t.TaskName == line.TaskName)?.ContentHash == hash;
            var newRows = newByLine.GetValueOrDefault((line.TaskName, line.Pipeline, line.ModelId)) ?? [];
            var oldRows = oldByLine.GetValueOrDefault((line.TaskName, line.Pipeline, line.ModelId)) ?? [];
            Interval? change;
            if (sameSet)
            {
                var shared = newRows.Keys.Intersect(oldRows.Keys).Order(StringComparer.Ordinal).ToList();
                change = bootstrap.PairedDifference(shared.Select(q => ResultSummarizer.Score(newRows[q], metric)).ToList(), shared.Select(q => ResultSummarizer.Score(oldRows[q], metric)).ToList());
            }
            else
            {
                change = bootstrap.IndependentDifference(newRows.Values.Select(r => ResultSummarizer.Score(r, metric)).ToList(), oldRows.Values.Select(r => ResultSummarizer.Score(r, metric)).ToList());
            }

            if (change is { } c)
            {
                deltas.Add(new RunDelta(line.TaskName, line.Pipeline, line.ModelId, metric, before.Scores[metric], line.Scores[metric], c, sameSet, c.High < 0, before.CostPerQuery?.Estimate * 1000, line.CostPerQuery?.Estimate * 1000));
            }
        }

        return deltas;
    }

    /// <summary>Each line's rows by query, in the rows' order.</summary>
    private static Dictionary<(string, string, string), Dictionary<string, ResultRecord>> ByLine(IEnumerable<ResultRecord> rows)
        => rows.GroupBy(r => (r.TaskName, r.Pipeline, r.ModelId)).ToDictionary(g => g.Key, g => g.ToDictionary(r => r.QueryId, StringComparer.Ordinal));
}
