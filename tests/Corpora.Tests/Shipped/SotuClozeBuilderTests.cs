using LoftCompare.Corpora.Shipped;

namespace LoftCompare.Corpora.Tests.Shipped;

public sealed class SotuClozeBuilderTests
{
    // Invented addresses in the style of the real ones: enough sentences with names and numbers to blank.
    private static readonly IReadOnlyList<SotuAddress> Addresses = Enumerable.Range(0, 6)
        .Select(i => new SotuAddress(
            1800 + i,
            $"President Number{i}",
            "none",
            string.Join(' ', Enumerable.Range(0, 40).Select(j =>
                $"In the year just closed the Treasury of District{i}x{j} received {1000 + (i * 97) + j:N0} dollars from duties collected at the port of Harbor{j}town on the river."))))
        .ToList();

    private static SotuBuildOptions Options(int seed) => new()
    {
        Seed = seed,
        CorpusTokens = 4_000,
        TestQueries = 8,
        DevQueries = 2,
        FewShotQueries = 1,
        MinPassageWords = 60,
        CountTokens = text => text.Split(' ').Length,
    };

    [Fact]
    public void The_same_seed_builds_the_same_set_and_another_seed_a_different_one()
    {
        var first = SotuClozeBuilder.Build(Addresses, Options(7));
        var again = SotuClozeBuilder.Build(Addresses, Options(7));
        var other = SotuClozeBuilder.Build(Addresses, Options(8));

        Assert.Equal(first.Corpus, again.Corpus);
        Assert.Equal(first.Test.Select(q => (q.Text, q.Answers[0])), again.Test.Select(q => (q.Text, q.Answers[0])));
        Assert.NotEqual(first.Test.Select(q => q.Text), other.Test.Select(q => q.Text));
    }

    [Fact]
    public void Queries_point_at_the_passage_holding_their_answer_and_the_corpus_fits_its_budget()
    {
        var set = SotuClozeBuilder.Build(Addresses, Options(7));
        var byId = set.Corpus.ToDictionary(d => d.Id);

        Assert.InRange(set.CorpusTokens, 1, 4_000);
        Assert.Equal((8, 2, 1), (set.Test.Count, set.Dev.Count, set.FewShot.Count));
        Assert.Equal(11, set.Test.Concat(set.Dev).Concat(set.FewShot).Select(q => q.GoldDocIds[0]).Distinct().Count());
        foreach (var query in set.Test.Concat(set.Dev).Concat(set.FewShot))
        {
            Assert.Contains(query.Answers[0], byId[query.GoldDocIds[0]].Text);
            Assert.DoesNotContain(query.Answers[0], query.Text);
        }
    }

    [Fact]
    public void Asking_for_more_queries_than_the_corpus_allows_fails_with_a_reason()
    {
        var error = Assert.Throws<DatasetBuildException>(() => SotuClozeBuilder.Build(Addresses, Options(7) with { CorpusTokens = 300 }));

        Assert.Contains("cloze queries could be made", error.Message);
    }
}
