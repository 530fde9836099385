using System.Text.Json;
using System.Text.Json.Serialization;
using LoftCompare.Eval.Statistics;
using LoftCompare.Results;

namespace LoftCompare.Eval.Reports;

/// <summary>Everything a report says about a run: its line summaries, the paired comparisons with long context, and the rest of its analysis.</summary>
public sealed record RunFindings(RunSummaries Summaries, IReadOnlyList<PairedComparison> Comparisons, RunAnalysis Analysis);

/// <summary>
/// A run's findings, derived from every row once when it ends (<see cref="ComputeAsync"/>, <see cref="SaveAsync"/>) and
/// read back by the report, the viewer and the launcher (<see cref="ReadAsync"/>): lines and scores from
/// <c>run_lines</c> and <c>aggregates</c>, comparisons from <c>comparisons</c>, the rest from <c>run_analyses</c>.
/// A running run, or one recorded before analyses were kept, is derived from its rows.
/// </summary>
public static class RunAnalyses
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>The findings of a run's rows, with the regressions against its suite's previous finished run.</summary>
    public static async Task<RunFindings> ComputeAsync(IRunQueries store, RunRecord run, IReadOnlyList<ResultRecord> results, CancellationToken cancellationToken = default)
    {
        var findings = Compute(run, results);
        var (previous, regressions) = await new RegressionFinder(Bootstrap.ForRun(run.BootstrapSeed)).FindAsync(store, run, results, findings.Summaries.Lines, cancellationToken);
        return findings with { Analysis = findings.Analysis with { PreviousRunId = previous, Regressions = regressions } };
    }

    /// <summary>The findings of a run's rows alone: no previous run is looked for, so there are no regressions.</summary>
    public static RunFindings Compute(RunRecord run, IReadOnlyList<ResultRecord> results)
    {
        var summarizer = new ResultSummarizer(Bootstrap.ForRun(run.BootstrapSeed));
        var summaries = new RunSummaries(summarizer.Summarize(results), MarkdownReportWriter.PrimaryMetrics(results));
        var comparisons = summarizer.CompareWithLongContext(results, summaries.Lines);
        return new RunFindings(summaries, comparisons, RunAnalysis.Of(results, comparisons, summaries.PrimaryMetrics));
    }

    /// <summary>Stores a run's findings: lines, scores and comparisons in one transaction, then the analysis document.</summary>
    public static async Task SaveAsync(IRunStore store, string runId, RunFindings findings, IReadOnlyList<ResultRecord> results, CancellationToken cancellationToken = default)
    {
        var (lines, aggregates) = StoredSummaries.ToRecords(runId, findings.Summaries.Lines, results);
        var comparisons = findings.Comparisons.Select(c => new ComparisonRecord
        {
            RunId = runId, TaskName = c.TaskName, Metric = c.Metric, PipelineA = c.A.Pipeline, ModelA = c.A.ModelId, PipelineB = c.B.Pipeline, ModelB = c.B.ModelId,
            N = c.Difference.N, MeanDiff = c.Difference.Estimate, CiLow = c.Difference.Low, CiHigh = c.Difference.High, Significant = c.Difference.ExcludesZero,
            McNemarP = c.Agreement?.McNemarP, BothRight = c.Agreement?.BothRight, OnlyA = c.Agreement?.OnlyA, OnlyB = c.Agreement?.OnlyB, Neither = c.Agreement?.Neither,
        }).ToList();
        await store.ReplaceAggregatesAsync(runId, aggregates, comparisons, lines, cancellationToken);
        await store.ReplaceRunAnalysisAsync(ToRecord(runId, findings.Analysis), cancellationToken);
    }

    /// <summary>The findings stored when a finished run ended; null when it is running, or none (or an older shape) were stored.</summary>
    public static async Task<RunFindings?> ReadAsync(IRunQueries store, RunRecord run, CancellationToken cancellationToken = default)
    {
        if (await StoredSummaries.ReadAsync(store, run, cancellationToken) is not { } summaries
            || FromRecord(await store.GetRunAnalysisAsync(run.RunId, cancellationToken)) is not { } analysis)
        {
            return null;
        }

        return new RunFindings(summaries, Comparisons(await store.GetComparisonsAsync(run.RunId, cancellationToken), summaries.Lines), analysis);
    }

    /// <summary>The stored findings, or (for a running or older run) those derived from its rows.</summary>
    public static async Task<RunFindings> ReadOrComputeAsync(IRunQueries store, RunRecord run, CancellationToken cancellationToken = default)
        => await ReadAsync(store, run, cancellationToken) ?? await ComputeAsync(store, run, await store.GetResultsAsync(run.RunId, cancellationToken), cancellationToken);

    public static RunAnalysisRecord ToRecord(string runId, RunAnalysis analysis)
        => new() { RunId = runId, Version = RunAnalysis.Version, Document = JsonSerializer.Serialize(analysis, Json) };

    /// <summary>The stored analysis; null for none or a shape this version does not read.</summary>
    public static RunAnalysis? FromRecord(RunAnalysisRecord? record)
        => record is { Version: RunAnalysis.Version } ? JsonSerializer.Deserialize<RunAnalysis>(record.Document, Json) : null;

    /// <summary>Stored comparisons as the summarizer makes them, in its order: per task, per long-context line, per other line, per metric.</summary>
    private static List<PairedComparison> Comparisons(IReadOnlyList<ComparisonRecord> records, IReadOnlyList<PipelineSummary> lines)
    {
        var index = lines.Select((l, i) => (l, i)).ToDictionary(p => (p.l.TaskName, p.l.Pipeline, p.l.ModelId), p => p.i);
        var taskOrder = lines.Select(l => l.TaskName).Distinct().Select((t, i) => (t, i)).ToDictionary(p => p.t, p => p.i, StringComparer.Ordinal);
        return records
            .Where(r => index.ContainsKey((r.TaskName, r.PipelineA, r.ModelA)) && index.ContainsKey((r.TaskName, r.PipelineB, r.ModelB)))
            .Select(r => (Record: r, A: index[(r.TaskName, r.PipelineA, r.ModelA)], B: index[(r.TaskName, r.PipelineB, r.ModelB)]))
            .OrderBy(c => taskOrder[c.Record.TaskName]).ThenBy(c => c.B).ThenBy(c => c.A).ThenBy(c => c.Record.Metric, StringComparer.Ordinal)
            .Select(c => new PairedComparison(c.Record.TaskName, c.Record.Metric, lines[c.A], lines[c.B], new Interval(c.Record.MeanDiff, c.Record.CiLow, c.Record.CiHigh, (int)c.Record.N))
            {
                Agreement = c.Record.BothRight is { } both ? new Agreement((int)both, (int)c.Record.OnlyA!.Value, (int)c.Record.OnlyB!.Value, (int)c.Record.Neither!.Value) : null,
            })
            .ToList();
    }
}
