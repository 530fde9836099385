using LoftCompare.Corpora.Tasks;
using LoftCompare.Results;
using LoftCompare.Pipelines.Kinds;
using LoftCompare.Pipelines.Running;

namespace LoftCompare.Eval.Reports;

/// <summary>
/// RULER's effective context length: per long-context model, the recall probes' (kinds whose profile measures it) leading score (0–100) at each context
/// length, and the largest length up to which every length scores at or above the threshold (RULER's bar is 85.6,
/// Llama-2-7B's score at 4k). A task's length is its long-context prompts' mean token count, bucketed to the nearest
/// power of two (4k, 8k, 16k, …) so probes of one nominal length are averaged together. Needs two or more lengths.
/// </summary>
public static class EffectiveLengthCalculator
{
    /// <summary>RULER's threshold: Llama-2-7B's average at 4k tokens.</summary>
    public const double RulerThreshold = 85.6;

    /// <param name="taskKinds">Task name → kind; only tasks whose kind's profile <see cref="TaskKindProfile.MeasuresEffectiveLength"/> count.</param>
    /// <param name="kinds">The kinds' profiles: the catalog's, plug-in kinds included.</param>
    /// <param name="claimedLengths">Model id → declared context window, where the suite declares one.</param>
    public static IReadOnlyList<EffectiveLengthRecord> Compute(
        string runId, IReadOnlyList<ResultRecord> results, IReadOnlyDictionary<string, TaskKind> taskKinds, TaskKindProfiles kinds, double threshold = RulerThreshold, IReadOnlyDictionary<string, int>? claimedLengths = null)
    {
        var records = new List<EffectiveLengthRecord>();
        var rows = results.Where(r => r.Pipeline == LongContextPipeline.PipelineName && r.Outcome != ExampleOutcome.Declined
            && taskKinds.TryGetValue(r.TaskName, out var kind) && kinds.Find(kind)?.MeasuresEffectiveLength == true);
        foreach (var model in rows.GroupBy(r => r.ModelId).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            // Each task's length from its succeeded rows' prompts; failed rows score 0 at that length.
            var byTask = model.GroupBy(r => r.TaskName)
                .Select(t => (Rows: t.ToList(), Tokens: t.Where(r => r.InputTokens is not null).Select(r => (double)r.InputTokens!.Value).DefaultIfEmpty(0).Average()))
                .Where(t => t.Tokens > 0)
                .ToList();
            var scores = byTask.GroupBy(t => Nominal(t.Tokens))
                .OrderBy(g => g.Key)
                .Select(g => new LengthScore(g.Key, 100 * g.SelectMany(t => t.Rows).Average(r => r.Error is null ? r.PrimaryScore ?? 0 : 0), g.Sum(t => t.Rows.Count)))
                .ToList();
            if (scores.Count < 2)
            {
                continue;
            }

            long? effective = null;
            foreach (var score in scores.TakeWhile(s => s.Score >= threshold))
            {
                effective = score.Length;
            }

            var metric = model.Select(r => r.PrimaryMetric).FirstOrDefault(m => m is not null) ?? "score";
            records.Add(new EffectiveLengthRecord
            {
                RunId = runId, ModelId = model.Key, Metric = metric, Threshold = threshold, EffectiveLength = effective,
                ClaimedLength = claimedLengths is not null && claimedLengths.TryGetValue(model.Key, out var claimed) ? claimed : null, Scores = scores,
            });
        }

        return records;
    }

    /// <summary>The nearest power of two (in log scale) at or above 1,024 tokens: 4,238 → 4,096; 16,568 → 16,384.</summary>
    public static long Nominal(double tokens) => (long)Math.Pow(2, Math.Max(10, Math.Round(Math.Log2(tokens))));

    /// <summary>4,096 → "4k", 1,048,576 → "1M".</summary>
    public static string Label(long tokens) => tokens >= 1 << 20 && tokens % (1 << 20) == 0 ? $"{tokens >> 20}M" : tokens % 1024 == 0 ? $"{tokens / 1024}k" : $"{tokens:N0}";
}
