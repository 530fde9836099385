using System.Text;
using LoftCompare.Corpora.Tasks;
using LoftCompare.Eval.Reports;
using LoftCompare.Results;
using LoftCompare.Eval.Tests.Results;

namespace LoftCompare.Eval.Tests.Reports;

public sealed class EffectiveLengthCalculatorTests
{
    private static IEnumerable<ResultRecord> Probe(string task, long tokens, int right, int of, string model = "lc")
        => Enumerable.Range(0, of).Select(i => TestRecords.Result($"q{i}", i < right ? 1 : 0) with
        {
            TaskName = task, Pipeline = "long-context", ModelId = model, InputTokens = tokens + i, PrimaryMetric = "string_match_all",
        });

    private static readonly Dictionary<string, TaskKind> Kinds = new() { ["niah-4k"] = TaskKind.Recall, ["mk-4k"] = TaskKind.Recall, ["niah-8k"] = TaskKind.Recall, ["niah-16k"] = TaskKind.Recall, ["rag"] = TaskKind.Rag };

    [Fact]
    public void The_effective_length_is_the_longest_length_up_to_which_every_length_passes_the_threshold()
    {
        // 4k: two probes averaged (20/20 and 16/20 → 90.0), 8k: 17/20 = 85.0 < 85.6, 16k: 18/20 = 90.0 — RULER stops at the first failing length.
        var rows = Probe("niah-4k", 4_238, 20, 20).Concat(Probe("mk-4k", 4_100, 16, 20)).Concat(Probe("niah-8k", 8_300, 17, 20)).Concat(Probe("niah-16k", 16_568, 18, 20))
            .Concat(Probe("rag", 30_000, 0, 5)).ToList();

        var length = Assert.Single(EffectiveLengthCalculator.Compute("run1", rows, Kinds, LoftCompare.Pipelines.Kinds.TaskKindProfiles.BuiltIn, claimedLengths: new Dictionary<string, int> { ["lc"] = 131_072 }));

        Assert.Equal([(4096L, 90.0, 40), (8192L, 85.0, 20), (16384L, 90.0, 20)], length.Scores.Select(s => (s.Length, Math.Round(s.Score, 6), s.N)));
        Assert.Equal(4096, length.EffectiveLength);
        Assert.Equal(131_072, length.ClaimedLength);
        Assert.Equal(("string_match_all", 85.6), (length.Metric, length.Threshold));

        var md = new StringBuilder();
        CostSection.AppendEffectiveLengths(md, [length]);
        Assert.Contains("| lc | string_match_all | 85.6 | 4k: 90.0 (n = 40), 8k: 85.0 (n = 20), 16k: 90.0 (n = 20) | 4k | 131,072 tokens |", md.ToString());
    }

    [Fact]
    public void One_length_is_not_enough_and_a_lower_threshold_moves_the_answer()
    {
        Assert.Empty(EffectiveLengthCalculator.Compute("run1", Probe("niah-4k", 4_238, 20, 20).ToList(), Kinds, LoftCompare.Pipelines.Kinds.TaskKindProfiles.BuiltIn));

        var rows = Probe("niah-4k", 4_238, 10, 20).Concat(Probe("niah-16k", 16_568, 9, 20)).ToList();
        Assert.Null(EffectiveLengthCalculator.Compute("run1", rows, Kinds, LoftCompare.Pipelines.Kinds.TaskKindProfiles.BuiltIn).Single().EffectiveLength); // 50 and 45: below 85.6 everywhere
        Assert.Equal(16_384, EffectiveLengthCalculator.Compute("run1", rows, Kinds, LoftCompare.Pipelines.Kinds.TaskKindProfiles.BuiltIn, threshold: 40).Single().EffectiveLength);
    }
}
