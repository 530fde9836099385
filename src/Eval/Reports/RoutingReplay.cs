using System.Globalization;
using System.Text;
using LoftCompare.Results;
using LoftCompare.Pipelines.Running;

namespace LoftCompare.Eval.Reports;

/// <summary>One routing rule replayed over a task's recorded rows.</summary>
/// <param name="ToLongContext">Queries the rule sends to long context.</param>
/// <param name="CostPerQuery">Mean $ per query (RAG's cost, plus long context's where routed there); null when a row is unpriced.</param>
public sealed record RoutingRule(string Rule, int Queries, int ToLongContext, double Quality, double? CostPerQuery);

/// <summary>A task's routing rules replayed on its leading metric.</summary>
public sealed record RoutingTask(string TaskName, string Metric, IReadOnlyList<RoutingRule> Rules);

/// <summary>
/// Replays routing rules between RAG and long context from recorded rows, without new model calls: always one or the
/// other, Self-Route as it ran (the reader's declines went to long context), "route when the reader's confidence is
/// below a threshold" at several thresholds (where the reader reports a confidence), and the oracle that picks the
/// right one per query. A routed query pays for RAG first, then long context.
/// </summary>
public static class RoutingReplay
{
    private static readonly double[] ConfidencePercentiles = [10, 25, 50, 75];

    public static IReadOnlyList<RoutingTask> Compute(IReadOnlyList<ResultRecord> results, IReadOnlyDictionary<string, string> primaryMetricByTask)
    {
        var tasks = new List<RoutingTask>();
        foreach (var task in results.Where(r => r.Outcome != ExampleOutcome.Declined).GroupBy(r => r.TaskName).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            if (!primaryMetricByTask.TryGetValue(task.Key, out var metric))
            {
                continue;
            }

            var rag = Rows(task, RagPipeline.PipelineName);
            var longContext = Rows(task, LongContextPipeline.PipelineName);
            var queries = rag.Keys.Intersect(longContext.Keys).Order(StringComparer.Ordinal).ToList();
            if (queries.Count == 0)
            {
                continue;
            }

            double Score(ResultRecord row) => ResultSummarizer.Score(row, metric);
            RoutingRule Rule(string name, Func<string, bool> toLongContext)
            {
                var routed = queries.Select(q => (Query: q, Routed: toLongContext(q))).ToList();
                var quality = routed.Average(r => r.Routed ? Score(longContext[r.Query]) : Score(rag[r.Query]));
                var costs = routed.Select(r => r.Routed ? Add(rag[r.Query].CostUsd, longContext[r.Query].CostUsd) : rag[r.Query].CostUsd).ToList();
                return new RoutingRule(name, queries.Count, routed.Count(r => r.Routed), quality, costs.Any(c => c is null) ? null : costs.Average(c => c!.Value));
            }

            var rules = new List<RoutingRule>
            {
                Rule("always rag", _ => false),
                new("always long-context", queries.Count, queries.Count, queries.Average(q => Score(longContext[q])), queries.Any(q => longContext[q].CostUsd is null) ? null : queries.Average(q => longContext[q].CostUsd!.Value)),
            };
            var selfRoute = Rows(task, SelfRoutePipeline.PipelineName);
            if (queries.All(selfRoute.ContainsKey))
            {
                rules.Add(new RoutingRule(
                    "Self-Route as run (reader declines → long context)", queries.Count, queries.Count(q => selfRoute[q].Route == LongContextPipeline.PipelineName),
                    queries.Average(q => Score(selfRoute[q])), queries.Any(q => selfRoute[q].CostUsd is null) ? null : queries.Average(q => selfRoute[q].CostUsd!.Value)));
            }

            if (queries.All(q => rag[q].Confidence is not null))
            {
                var confidences = queries.Select(q => rag[q].Confidence!.Value).Order().ToArray();
                foreach (var percentile in ConfidencePercentiles)
                {
                    var threshold = Statistics.Percentiles.OfSorted(confidences, percentile);
                    rules.Add(Rule($"reader confidence < {threshold.ToString("0.000", CultureInfo.InvariantCulture)} (its {percentile.ToString(CultureInfo.InvariantCulture)}th percentile) → long context", q => rag[q].Confidence < threshold));
                }
            }

            rules.Add(Rule("oracle (only the queries RAG misses and long context answers go there)", q => Score(rag[q]) < 1 && Score(longContext[q]) >= 1));
            tasks.Add(new RoutingTask(task.Key, metric, rules));
        }

        return tasks;
    }

    public static void Append(StringBuilder md, IReadOnlyList<RoutingTask> tasks)
    {
        if (tasks.Count == 0)
        {
            return;
        }

        md.AppendLine().AppendLine("## Routing replay").AppendLine();
        md.AppendLine("What each routing rule between RAG and long context would have scored and cost on these queries, replayed from the recorded rows without new model calls; a routed query pays for RAG first, then long context.");
        foreach (var (task, metric, rules) in tasks)
        {
            md.AppendLine().AppendLine($"**{MarkdownText.Cell(task)}** ({metric}):").AppendLine();
            md.AppendLine($"| Rule | To long context | {metric} | $ / 1k queries |").AppendLine("|---|---:|---:|---:|");
            foreach (var rule in rules)
            {
                md.AppendLine($"| {MarkdownText.Cell(rule.Rule)} | {rule.ToLongContext} of {rule.Queries} | {rule.Quality.ToString("0.000", CultureInfo.InvariantCulture)} | {(rule.CostPerQuery is { } c ? (c * 1000).ToString("0.0000", CultureInfo.InvariantCulture) : "n/a")} |");
            }
        }
    }

    private static Dictionary<string, ResultRecord> Rows(IEnumerable<ResultRecord> task, string pipeline)
        => task.Where(r => r.Pipeline == pipeline).GroupBy(r => r.QueryId).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    private static double? Add(double? a, double? b) => a is null || b is null ? null : a + b;
}
