using LoftCompare.Corpora.Adapters;
using LoftCompare.Corpora.Adapters.Loft;
using LoftCompare.Corpora.Shipped;
using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Corpora.Tests.Shipped;

public sealed class NeedleHaystackBuilderTests
{
    // Invented prose: varied sentences so keys can be drawn and passages formed.
    private static readonly IReadOnlyList<string> Prose = Enumerable.Range(0, 400)
        .Select(i => $"The committee on harbors{i % 7} reviewed accounts number {i} and reported that bridges across river{i % 13} needed repairs before winter.")
        .ToList();

    // A deterministic stand-in tokenizer for the builder's arithmetic: one token per whitespace-separated word.
    private static NeedleOptions Options(int target, int seed = 3) => new() { TargetTokens = target, Seed = seed, Needles = 10, PassageWords = 60, CountTokens = t => t.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length };

    [Theory]
    [InlineData(1_000)]
    [InlineData(4_000)]
    public void The_haystack_lands_within_two_percent_of_the_target(int target)
    {
        var haystack = NeedleHaystackBuilder.Build(Prose, Options(target));

        Assert.InRange(haystack.Tokens, target * 0.98, target * 1.02);
    }

    [Fact]
    public void Each_needle_is_planted_once_in_its_gold_passage_at_spread_depths()
    {
        var haystack = NeedleHaystackBuilder.Build(Prose, Options(3_000));
        var byId = haystack.Corpus.ToDictionary(d => d.Id);
        var allText = string.Join(' ', haystack.Corpus.Select(d => d.Text));

        Assert.Equal(10, haystack.Queries.Count);
        foreach (var query in haystack.Queries)
        {
            var value = Assert.Single(query.Answers);
            Assert.Contains(value, byId[Assert.Single(query.GoldDocIds)].Text);
            Assert.Equal(1, allText.Split(value).Length - 1);
            Assert.DoesNotContain(value, query.Text);
        }

        Assert.Equal(10, haystack.Queries.Select(q => q.GoldDocIds[0]).Distinct().Count());
        Assert.True(haystack.Depths.Min() < 0.1 && haystack.Depths.Max() > 0.9, string.Join(", ", haystack.Depths));
    }

    [Fact]
    public void The_same_seed_builds_the_same_haystack()
    {
        Assert.Equal(NeedleHaystackBuilder.Build(Prose, Options(2_000)).Corpus, NeedleHaystackBuilder.Build(Prose, Options(2_000)).Corpus);
        Assert.NotEqual(NeedleHaystackBuilder.Build(Prose, Options(2_000)).Queries.Select(q => q.Text), NeedleHaystackBuilder.Build(Prose, Options(2_000, seed: 4)).Queries.Select(q => q.Text));
    }

    [Theory]
    [InlineData("4k", 4 * 1024)]
    [InlineData("16k", 16 * 1024)]
    public async Task The_shipped_sets_load_as_recall_tasks_sized_to_their_label(string length, int tokens)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "datasets", "recall", "niah_single", length);
        var set = await new LoftFolderAdapter(LoftCompare.Corpora.Tasks.TaskKinds.BuiltIn).LoadOrThrowAsync(new DatasetSpec("loft", folder));
        using var info = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "build-info.json")));
        var target = info.RootElement.GetProperty("target_tokens").GetInt32();
        var measured = info.RootElement.GetProperty("haystack_tokens").GetInt32(); // o200k, as the builder measured it

        Assert.Equal(TaskKind.Recall, set.Kind);
        Assert.Equal(20, set.Queries.Count);
        Assert.InRange(measured, target * 0.98, target * 1.02);
        Assert.True(target < tokens, "the haystack leaves room for the prompt inside the labelled length");
    }
}
