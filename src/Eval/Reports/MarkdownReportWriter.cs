using System.Globalization;
using System.Text;
using System.Text.Json;
using LoftCompare.Corpora.Tasks;
using LoftCompare.Eval.Metrics;
using LoftCompare.Eval.Results;

namespace LoftCompare.Eval.Reports;

/// <summary>Writes a run's Markdown report: header, models with their labels, datasets with hashes, and a side-by-side table per task.</summary>
public sealed class MarkdownReportWriter(MetricRegistry metrics)
{
    public MarkdownReportWriter()
        : this(MetricRegistry.CreateDefault())
    {
    }

    private const int FailureExamples = 10;

    public async Task<string> WriteAsync(IResultStore store, string runId, string outputFolder, CancellationToken cancellationToken = default)
    {
        var run = await store.GetRunAsync(runId, cancellationToken) ?? throw new InvalidOperationException($"Run '{runId}' is not in the results database.");
        var tasks = await store.GetRunTasksAsync(runId, cancellationToken);
        var results = await store.GetResultsAsync(runId, cancellationToken);
        var markdown = Render(run, tasks, results);
        Directory.CreateDirectory(outputFolder);
        var path = Path.Combine(outputFolder, $"run-{runId}.md");
        await File.WriteAllTextAsync(path, markdown, cancellationToken);
        return path;
    }

    public string Render(RunRecord run, IReadOnlyList<RunTaskRecord> tasks, IReadOnlyList<ResultRecord> results)
    {
        var md = new StringBuilder();
        md.AppendLine($"# LoftCompare run `{run.RunId}`").AppendLine();
        md.AppendLine($"- **Suite:** {MarkdownText.Cell(run.SuiteName)} (`{MarkdownText.Cell(run.SuitePath)}`)");
        md.AppendLine($"- **Status:** {run.Status}{(run.Error is null ? string.Empty : " — " + MarkdownText.Cell(run.Error, 400))}");
        md.AppendLine($"- **Started:** {run.StartedAt} · **Ended:** {run.EndedAt ?? "(running)"} · **Wall time:** {WallTime(run)}");
        md.AppendLine($"- **App version:** {run.AppVersion} · **Host:** {MarkdownText.Cell(run.Host)} · **Token counts:** {run.Tokenizer} tokenizer");
        md.AppendLine();

        md.AppendLine("## Models").AppendLine();
        md.AppendLine("| Model id | What it is |").AppendLine("|---|---|");
        foreach (var (id, label) in JsonSerializer.Deserialize<Dictionary<string, string>>(run.ModelsJson) ?? [])
        {
            md.AppendLine($"| `{MarkdownText.Cell(id)}` | {MarkdownText.Cell(label)} |");
        }

        md.AppendLine().AppendLine("## Datasets").AppendLine();
        md.AppendLine("| Task | Kind | Dataset | Split | Documents | Queries | Content hash |").AppendLine("|---|---|---|---|---:|---:|---|");
        foreach (var task in tasks)
        {
            md.AppendLine($"| {MarkdownText.Cell(task.TaskName)} | {task.TaskKind} | {MarkdownText.Cell(task.DatasetName)} | {MarkdownText.Cell(task.Split)} | {task.Documents} | {task.Queries} | `{task.ContentHash[..12]}` |");
        }

        var summaries = ResultSummarizer.Summarize(results);
        foreach (var task in tasks)
        {
            var lines = summaries.Where(s => s.TaskName == task.TaskName).ToList();
            var primary = results.FirstOrDefault(r => r.TaskName == task.TaskName && r.PrimaryMetric is not null)?.PrimaryMetric;
            var scoreNames = OrderScores(task.TaskKind, lines.SelectMany(l => l.MeanScores.Keys).Distinct().ToList(), primary);
            md.AppendLine().AppendLine($"## Task `{MarkdownText.Cell(task.TaskName)}` ({task.TaskKind}; leading metric: {primary ?? "n/a"})").AppendLine();
            md.Append("| Pipeline | Model |");
            scoreNames.ForEach(n => md.Append($" {n} |"));
            md.AppendLine(" Input tokens / query | Output tokens / query | Latency p50 (ms) | Latency p95 (ms) | Retrieval p50 (ms) | n | Failures |");
            md.Append("|---|---|");
            scoreNames.ForEach(_ => md.Append("---:|"));
            md.AppendLine("---:|---:|---:|---:|---:|---:|---:|");
            foreach (var line in lines)
            {
                md.Append($"| {line.Pipeline} | `{MarkdownText.Cell(line.ModelId)}` |");
                scoreNames.ForEach(n => md.Append($" {Number(line.MeanScores.TryGetValue(n, out var v) ? v : null, "0.000")} |"));
                md.AppendLine($" {Number(line.MeanInputTokens, "N0")} | {Number(line.MeanOutputTokens, "N1")} | {Number(line.P50TotalMs, "N1")} | {Number(line.P95TotalMs, "N1")} | {Number(line.P50RetrievalMs, "N1")} | {line.Examples} | {line.Failures} |");
            }

            if (primary is not null && lines.Count >= 2)
            {
                md.AppendLine().AppendLine(Verdict(lines, primary));
            }
        }

        var failures = results.Where(r => r.Error is not null).ToList();
        md.AppendLine().AppendLine("## Failures").AppendLine();
        if (failures.Count == 0)
        {
            md.AppendLine("None.");
        }
        else
        {
            md.AppendLine($"{failures.Count} example(s) failed; the first {Math.Min(FailureExamples, failures.Count)}:").AppendLine();
            md.AppendLine("| Task | Pipeline | Query | Error |").AppendLine("|---|---|---|---|");
            foreach (var failure in failures.Take(FailureExamples))
            {
                md.AppendLine($"| {MarkdownText.Cell(failure.TaskName)} | {failure.Pipeline} | {MarkdownText.Cell(failure.QueryId)} | {MarkdownText.Cell(failure.Error, 300)} |");
            }
        }

        md.AppendLine().AppendLine("Scores are means over all examples (a failed example scores 0); token counts and latencies are over examples that succeeded. Latency is wall time per query, retrieval included.");
        return md.ToString();
    }

    private static string Verdict(IReadOnlyList<PipelineSummary> lines, string primary)
    {
        var ordered = lines.OrderByDescending(l => l.MeanScores.GetValueOrDefault(primary)).ToList();
        var (best, next) = (ordered[0], ordered[1]);
        var difference = best.MeanScores.GetValueOrDefault(primary) - next.MeanScores.GetValueOrDefault(primary);
        var tokens = best.MeanInputTokens is > 0 && next.MeanInputTokens is > 0
            ? $" It reads {(best.MeanInputTokens.Value / next.MeanInputTokens.Value).ToString("0.##", CultureInfo.InvariantCulture)}× the input tokens per query."
            : string.Empty;
        return difference == 0
            ? $"**{best.Pipeline}** and **{next.Pipeline}** tie on {primary} ({Number(best.MeanScores.GetValueOrDefault(primary), "0.000")}).{tokens}"
            : $"**{best.Pipeline}** leads **{next.Pipeline}** on {primary} by {Number(difference, "0.000")} (no interval yet: n = {best.Examples}).{tokens}";
    }

    /// <summary>The metric's own order (leading score first); scores it does not know go last, alphabetically.</summary>
    private List<string> OrderScores(string taskKind, IReadOnlyList<string> names, string? primary)
    {
        var known = TaskKinds.TryParse(taskKind, out var kind) ? metrics.For(kind).ScoreNames : [];
        return names
            .OrderBy(n => n == primary ? -1 : known.Contains(n) ? known.ToList().IndexOf(n) : int.MaxValue)
            .ThenBy(n => n, StringComparer.Ordinal)
            .ToList();
    }

    private static string WallTime(RunRecord run)
        => DateTimeOffset.TryParse(run.StartedAt, CultureInfo.InvariantCulture, out var started) && DateTimeOffset.TryParse(run.EndedAt, CultureInfo.InvariantCulture, out var ended)
            ? $"{(ended - started).TotalSeconds.ToString("N1", CultureInfo.InvariantCulture)} s"
            : "n/a";

    private static string Number(double? value, string format)
        => value is null ? "n/a" : value.Value.ToString(format, CultureInfo.InvariantCulture);
}
