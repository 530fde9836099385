using System.Globalization;
using System.Text;
using LoftCompare.Eval.Costs;
using LoftCompare.Eval.Costs.Serving;
using LoftCompare.Results;
using LoftCompare.Pipelines.Running;

namespace LoftCompare.Eval.Reports;

/// <summary>The report's cost parts: how each model is priced, break-even queries per corpus, and effective context length.</summary>
public static class CostSection
{
    /// <summary>Each task's (setup, per-query) cost lines, for pipelines with both a per-query and a setup price.</summary>
    public static IReadOnlyList<(string TaskName, IReadOnlyList<CostLine> Lines)> Lines(IReadOnlyList<PipelineSummary> summaries, IReadOnlyList<RunPipelineRecord> pipelines)
        => summaries.GroupBy(s => s.TaskName)
            .Select(task => (task.Key, (IReadOnlyList<CostLine>)task
                .Select(s => (Summary: s, Setup: pipelines.FirstOrDefault(p => p.TaskName == s.TaskName && p.Pipeline == s.Pipeline && p.ModelId == s.ModelId)?.SetupUsd))
                .Where(l => l.Summary.CostPerQuery is not null && l.Setup is not null)
                .Select(l => new CostLine(l.Summary.Pipeline, l.Setup!.Value, l.Summary.CostPerQuery!.Value.Estimate))
                .ToList()))
            .Where(t => t.Item2.Count > 0)
            .ToList();

    /// <summary>How the run priced each model and the retrieval side (from the prices recorded with the run), and where cached tokens came from.</summary>
    public static void AppendPricing(StringBuilder md, RunRecord run, RunAnalysis? analysis = null)
    {
        if (run.Prices is not { Count: > 0 } prices)
        {
            return;
        }

        md.AppendLine().AppendLine("## Cost model").AppendLine();
        md.AppendLine("Every $ is a function of the work — tokens in, cached and out, and tokens embedded — at the prices below; measured time never enters a price, so the same suite costs the same cold or warm (docs/costs.md).").AppendLine();
        CostModel? model;
        try
        {
            model = CostModel.FromPrices(prices, CardCatalog.Load(Path.Combine(Path.GetDirectoryName(run.SuitePath) ?? ".", "cards")));
        }
        catch (ArgumentException ex)
        {
            md.AppendLine($"(The recorded prices name a card this machine lacks: {MarkdownText.Cell(ex.Message)}.)");
            return;
        }

        foreach (var id in prices.Keys.Where(k => k != CostModel.RetrievalKey).Order(StringComparer.Ordinal))
        {
            var description = prices[id].PerHour > 0 ? $"${prices[id].PerHour}/hour of measured time (recorded before costs were modelled)" : model.Describe(id);
            md.AppendLine($"- **{MarkdownText.Cell(id)}**: {MarkdownText.Cell(description)}");
        }

        if (model.DescribeRetrieval() is { } retrieval)
        {
            md.AppendLine($"- **retrieval**: {MarkdownText.Cell(retrieval)}");
        }

        // A declared prefix cache prices the shared corpus prefix as cached (its fill is setup); a server's own count is shown, never priced.
        var bases = analysis?.CacheBases ?? [];
        if (bases.Count > 0)
        {
            md.AppendLine().AppendLine("Cached prompt tokens: " + string.Join("; ", bases.Select(g => g.Basis switch
            {
                CacheBasis.Server => $"as the server reported on {g.Rows} rows (older rows)",
                CacheBasis.Modelled => $"modelled on {g.Rows} rows (the shared corpus prefix, {g.PrefixTokens:N0} tokens in all, priced as cached, its one fill counted as setup)",
                _ => $"none on {g.Rows} rows",
            })) + ".");
        }

        if (analysis is { ServerCachedRows: > 0 } reported)
        {
            md.AppendLine().AppendLine($"The server reported {reported.ServerCachedTokens:N0} prompt tokens as prefix-cache hits on {reported.ServerCachedRows} rows (`cached_input_tokens`): recorded, not priced, since they depend on how warm the server was.");
        }
    }

    /// <summary>Per task, each pipeline against long context: setup, per-query cost, and the queries per corpus at which their totals cross.</summary>
    public static void AppendBreakEven(StringBuilder md, IReadOnlyList<(string TaskName, IReadOnlyList<CostLine> Lines)> tasks)
    {
        var pairs = tasks.SelectMany(t => t.Lines.Where(l => l.Pipeline == LongContextPipeline.PipelineName)
                .SelectMany(lc => t.Lines.Where(l => l.Pipeline != LongContextPipeline.PipelineName).Select(other => (t.TaskName, Other: other, LongContext: lc))))
            .ToList();
        if (pairs.Count == 0)
        {
            return;
        }

        md.AppendLine().AppendLine("## Break-even").AppendLine();
        md.AppendLine("Total cost for N queries over one corpus is setup + N × per-query cost. Break-even is the N at which two pipelines cost the same.").AppendLine();
        md.AppendLine("| Task | Pipeline vs long-context | Setup $ | $ per 1k queries | Break-even (queries per corpus) | Cheaper at 10 queries | at 10k queries |");
        md.AppendLine("|---|---|---:|---:|---|---|---|");
        foreach (var (task, other, longContext) in pairs)
        {
            var breakEven = CostLine.BreakEven(other, longContext) is { } n
                ? $"{n.ToString("N0", CultureInfo.InvariantCulture)}: below it {CostLine.Cheaper(other, longContext, n / 2).Pipeline} is cheaper, above it {CostLine.Cheaper(other, longContext, n * 2).Pipeline}"
                : $"none: {CostLine.Cheaper(other, longContext, 1).Pipeline} is cheaper at every N";
            md.AppendLine($"| {MarkdownText.Cell(task)} | {other.Pipeline} vs {longContext.Pipeline} | {Money(other.SetupUsd)} / {Money(longContext.SetupUsd)} | {Money(other.PerQueryUsd * 1000)} / {Money(longContext.PerQueryUsd * 1000)} | {breakEven} | {CostLine.Cheaper(other, longContext, 10).Pipeline} | {CostLine.Cheaper(other, longContext, 10_000).Pipeline} |");
        }
    }

    /// <summary>RULER's effective context length per long-context model, with claimed vs effective where a window is declared.</summary>
    public static void AppendEffectiveLengths(StringBuilder md, IReadOnlyList<EffectiveLengthRecord> lengths)
    {
        if (lengths.Count == 0)
        {
            return;
        }

        md.AppendLine().AppendLine("## Effective context length").AppendLine();
        md.AppendLine($"RULER's rule: the largest context length up to which every tested length scores at or above the threshold on the recall probes (scores 0–100; lengths are the long-context prompts' mean tokens, to the nearest power of two).").AppendLine();
        md.AppendLine("| Model | Metric | Threshold | Score by length | Effective length | Claimed |").AppendLine("|---|---|---:|---|---|---|");
        foreach (var length in lengths)
        {
            var scores = string.Join(", ", length.Scores.Select(s => $"{EffectiveLengthCalculator.Label(s.Length)}: {s.Score.ToString("0.0", CultureInfo.InvariantCulture)} (n = {s.N})"));
            var longest = length.Scores[^1].Length;
            var effective = length.EffectiveLength is not { } e ? $"below {EffectiveLengthCalculator.Label(length.Scores[0].Length)}"
                : e == longest ? $"≥ {EffectiveLengthCalculator.Label(e)} (the longest tested)" : EffectiveLengthCalculator.Label(e);
            var claimed = length.ClaimedLength is { } c ? $"{c:N0} tokens" : "not declared";
            md.AppendLine($"| {MarkdownText.Cell(length.ModelId)} | {length.Metric} | {length.Threshold.ToString("0.0", CultureInfo.InvariantCulture)} | {scores} | {effective} | {claimed} |");
        }
    }

    private static string Money(double usd) => usd.ToString(usd < 0.01 ? "0.00000" : "0.0000", CultureInfo.InvariantCulture);
}
