using System.Text.RegularExpressions;
using LoftCompare.Corpora.Adapters;
using LoftCompare.Corpora.Adapters.Loft;
using LoftCompare.Corpora.Shipped.Ruler;
using LoftCompare.Corpora.Tasks;
using LoftCompare.Corpora.Text;
using LoftCompare.Pipelines.Tokens;

namespace LoftCompare.Pipelines.Tests.Ruler;

/// <summary>
/// The RULER generator with the real o200k tokenizer, over the shipped State of the Union passages (essay haystack and
/// QA material) and a small hand-written word list.
/// </summary>
public sealed class RulerGeneratorTests
{
    private static readonly TiktokenCounter Tokens = new();
    private static readonly RulerVocabulary Words = new(
        ["quiet", "brave", "yellow", "ancient", "hollow", "rapid", "gentle", "bitter", "frozen", "silver", "narrow", "proud"],
        ["harbor", "lantern", "meadow", "engine", "violin", "orchard", "ledger", "castle", "thimble", "glacier", "compass", "saddle", "kettle", "pillow", "rocket", "garden"],
        ["gather", "linger", "polish", "wander", "borrow", "kindle", "measure", "scatter", "whisper", "anchor"]);

    private static readonly Lazy<TaskSet> Sotu = new(() => new LoftFolderAdapter(LoftCompare.Corpora.Tasks.TaskKinds.BuiltIn).LoadOrThrowAsync(new DatasetSpec("loft", Path.Combine(AppContext.BaseDirectory, "datasets", "rag", "sotu", "32k"))).GetAwaiter().GetResult());

    // Common-word extraction needs hundreds of distinct words: the shipped passages' lower-case words supply them.
    private static readonly Lazy<IReadOnlyList<string>> ProseWords = new(() => Sotu.Value.Corpus.SelectMany(d => Regex.Matches(d.Text, "\\b[a-z]{4,10}\\b").Select(m => m.Value)).Distinct().Order(StringComparer.Ordinal).ToList());

    private static RulerOptions Options(string task, int target, int seed = 7)
    {
        var sotu = Sotu.Value;
        var passages = sotu.Corpus.ToDictionary(d => d.Id, d => d.Text);
        return new RulerOptions
        {
            Task = RulerTask.Named(task),
            TargetTokens = target,
            Samples = 3,
            Seed = seed,
            CountTokens = Tokens.Count,
            Vocabulary = Words with { Verbs = [.. Words.Verbs, .. ProseWords.Value] },
            EssaySentences = sotu.Corpus.SelectMany(d => SentenceSplitter.Split(d.Text)).ToList(),
            QaItems = sotu.Queries.Select(q => new QaItem(q.Text, q.Answers[0], passages[q.GoldDocIds[0]])).ToList(),
            QaDistractors = sotu.Corpus.Select(d => d.Text).ToList(),
        };
    }

    public static TheoryData<string> AllTasks() => new(RulerTask.All.Select(t => t.Name));

    [Theory]
    [MemberData(nameof(AllTasks))]
    public void Every_task_lands_within_two_percent_below_its_target_by_the_tokenizer(string task)
    {
        const int Target = 3_000;
        var set = RulerGenerator.Generate(Options(task, Target));

        Assert.Equal(3, set.Queries.Count);
        foreach (var query in set.Queries)
        {
            var context = RulerGenerator.ContextText(set.Corpus.Where(d => query.ContextIds.Contains(d.Id)).Select(d => d.Text));
            Assert.InRange(Tokens.Count(context), Target * 0.98, Target);
            Assert.NotEmpty(query.Answers);
            Assert.All(query.GoldDocIds, g => Assert.Contains(g, query.ContextIds));
        }
    }

    [Theory]
    [InlineData("niah_single_1")]
    [InlineData("niah_single_3")]
    [InlineData("niah_multikey_1")]
    [InlineData("niah_multikey_3")]
    [InlineData("niah_multivalue")]
    [InlineData("niah_multiquery")]
    [InlineData("qa_1")]
    [InlineData("qa_2")]
    public void Every_answer_sits_in_a_gold_document_of_its_own_context(string task)
    {
        var set = RulerGenerator.Generate(Options(task, 3_000));
        var byId = set.Corpus.ToDictionary(d => d.Id);

        foreach (var query in set.Queries)
        {
            var gold = string.Join("\n", query.GoldDocIds.Select(g => byId[g].Text));
            Assert.All(query.Answers, a => Assert.Contains(a, gold));
            Assert.All(query.Answers, a => Assert.DoesNotContain(a, query.Text.Replace("____", string.Empty)));
        }

        var expected = RulerTask.Named(task) switch
        {
            { Family: RulerTask.Qa } t => t.GoldPassages,
            var t => t.QueriedKeys * t.ValuesPerKey,
        };
        Assert.All(set.Queries, q => Assert.Equal(expected, q.Answers.Count));
    }

    [Fact]
    public void Multikey_haystacks_hold_distractor_keys_and_uuid_needles()
    {
        var set = RulerGenerator.Generate(Options("niah_multikey_3", 3_000));
        var query = set.Queries[0];
        var context = string.Join("\n", set.Corpus.Where(d => query.ContextIds.Contains(d.Id)).Select(d => d.Text));

        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", Assert.Single(query.Answers));
        Assert.True(Regex.Matches(context, "special magic uuids for").Count > 20, "the haystack is made of other needles");
    }

    [Fact]
    public void Variable_tracking_asks_for_the_whole_chain_of_one_value()
    {
        var set = RulerGenerator.Generate(Options("vt", 3_000));
        var query = set.Queries[0];
        var context = string.Join("\n", set.Corpus.Where(d => query.ContextIds.Contains(d.Id)).Select(d => d.Text));
        var value = Regex.Match(query.Text, @"value (\d+)").Groups[1].Value;

        Assert.Equal(5, query.Answers.Count); // 4 hops
        Assert.Contains($"VAR {query.Answers[0]} = {value}.", context);
        for (var i = 1; i < 5; i++)
        {
            Assert.Contains($"VAR {query.Answers[i]} = VAR {query.Answers[i - 1]}.", context);
        }
    }

    [Fact]
    public void Common_and_frequent_word_answers_are_the_most_frequent_words()
    {
        var cwe = RulerGenerator.Generate(Options("cwe", 5_000));
        var cweQuery = cwe.Queries[0];
        var items = Regex.Matches(string.Join(" ", cwe.Corpus.Where(d => cweQuery.ContextIds.Contains(d.Id)).Select(d => d.Text)), @"\d+\. (\w+)").Select(m => m.Groups[1].Value).CountBy(w => w).ToDictionary();
        Assert.All(cweQuery.Answers, w => Assert.Equal(30, items[w])); // 5k target: the published 30 and 3
        Assert.All(items.Where(i => !cweQuery.Answers.Contains(i.Key)), i => Assert.Equal(3, i.Value));

        var fwe = RulerGenerator.Generate(Options("fwe", 3_000));
        var fweQuery = fwe.Queries[0];
        var ranked = string.Join(" ", fwe.Corpus.Where(d => fweQuery.ContextIds.Contains(d.Id)).Select(d => d.Text)).Split(' ').CountBy(w => w).OrderByDescending(c => c.Value).Select(c => c.Key).ToList();
        Assert.Equal("....", ranked[0]);
        Assert.Equal(fweQuery.Answers, ranked.Skip(1).Take(3));
    }

    [Fact]
    public void The_same_seed_gives_the_same_set_and_another_seed_does_not()
    {
        var first = RulerGenerator.Generate(Options("niah_single_2", 3_000, seed: 11));
        var again = RulerGenerator.Generate(Options("niah_single_2", 3_000, seed: 11));
        var other = RulerGenerator.Generate(Options("niah_single_2", 3_000, seed: 12));

        Assert.Equal(first.Corpus, again.Corpus);
        Assert.Equal(first.Queries.Select(q => q.Answers[0]), again.Queries.Select(q => q.Answers[0]));
        Assert.NotEqual(first.Queries.Select(q => q.Answers[0]), other.Queries.Select(q => q.Answers[0]));
        Assert.All(first.Depths, d => Assert.InRange(Assert.Single(d), 0, 1));
    }
}
