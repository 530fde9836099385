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
        var olderLines = summarizer.Summarize(older).ToDictionary(s => (s.TaskName, s.Pipeline, s.ModelId));
        var primary = MarkdownReportWriter.PrimaryMetrics(newer);
        var deltas = new List<RunDelta>();
        foreach (var line in summarizer.Summarize(newer))
        {
            if (!olderLines.TryGetValue((line.TaskName, line.Pipeline, line.ModelId), out var before)
                || !primary.TryGetValue(line.TaskName, out var metric) || !line.Scores.ContainsKey(metric) || !before.Scores.ContainsKey(metric))
            {
                continue;
            }

            var sameSet = olderTasks.FirstOrDefault(t => t.TaskName == line.TaskName)?.ContentHash is { } hash && newerTasks.FirstOrDefault(t => t.TaskName == line.TaskName)?.ContentHash == hash;
            var newRows = Rows(newer, line.TaskName, line.Pipeline, line.ModelId);
            var oldRows = Rows(older, line.TaskName, line.Pipeline, line.ModelId);
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

    private static Dictionary<string, ResultRecord> Rows(IEnumerable<ResultRecord> rows, string task, string pipeline, string model)
        => rows.Where(r => r.TaskName == task && r.Pipeline == pipeline && r.ModelId == model).ToDictionary(r => r.QueryId, StringComparer.Ordinal);
}
