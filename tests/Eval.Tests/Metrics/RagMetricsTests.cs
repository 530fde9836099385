using LoftCompare.Corpora.Tasks;
using LoftCompare.Eval.Metrics;

namespace LoftCompare.Eval.Tests.Metrics;

public sealed class RagMetricsTests
{
    [Theory]
    [InlineData("The  Ramones!", "ramones")]
    [InlineData("A tale of an apple", "tale of apple")]
    [InlineData("Théâtre", "theatre")] // NFD keeps the base letter; combining accents are not ASCII punctuation, so they stay
    [InlineData("4,000,000", "4000000")]
    public void Normalizes_like_squad(string text, string expected)
    {
        var normalized = AnswerNormalizer.Normalize(text);

        Assert.Equal(expected, new string(normalized.Where(c => c < 0x300 || c > 0x36F).ToArray()));
    }

    [Fact]
    public void Exact_match_compares_normalised_strings_against_every_gold_answer()
    {
        Assert.Equal(1.0, RagMetrics.ExactMatch(["Spain", "Taíno"], "spain."));
        Assert.Equal(0.0, RagMetrics.ExactMatch(["Spain"], "the kingdom of Spain"));
    }

    [Fact]
    public void Subspan_match_finds_a_gold_answer_inside_the_prediction()
    {
        Assert.Equal(1.0, RagMetrics.SubspanExactMatch(["Spain"], "the kingdom of Spain"));
        Assert.Equal(0.0, RagMetrics.SubspanExactMatch(["the kingdom of Spain"], "Spain"));
    }

    [Fact]
    public void F1_is_token_overlap_with_the_best_gold_answer()
    {
        // gold "secretary of navy" (3 tokens) vs pred "secretary of war" (3): overlap 2 → P = R = 2/3 → F1 = 2/3.
        Assert.Equal(2.0 / 3, RagMetrics.F1(["Secretary of the Navy"], "Secretary of War"), 10);
        // pred "navy secretary" vs gold "secretary": P = 1/2, R = 1 → F1 = 2/3; second gold matches exactly → 1.
        Assert.Equal(2.0 / 3, RagMetrics.F1(["secretary"], "navy secretary"), 10);
        Assert.Equal(1.0, RagMetrics.F1(["secretary", "navy secretary"], "navy secretary"));
        Assert.Equal(0.0, RagMetrics.F1(["Spain"], "France"));
    }

    [Fact]
    public void The_rag_metric_scores_only_the_first_answer_and_zero_for_no_answer()
    {
        var metric = new RagMetric();
        var query = new Query("q", "?", ["Spain"], []);

        Assert.Equal(1.0, metric.Score(query, ["Spain", "France"])["em"]);
        Assert.Equal(0.0, metric.Score(query, ["France", "Spain"])["subspan_em"]);
        Assert.All(metric.Score(query, null).Values, v => Assert.Equal(0.0, v));
        Assert.All(metric.Score(query, []).Values, v => Assert.Equal(0.0, v));
    }
}
