using LoftCompare.Corpora.Tasks;
using LoftCompare.Eval.Metrics;

namespace LoftCompare.Eval.Tests.Metrics;

public sealed class MultiValueRagMetricsTests
{
    [Fact]
    public void Set_em_and_coverage_compare_normalised_sets()
    {
        string[] gold = ["The Magic Pipe", "Hour of the Star", "Kanden Kadhalai"];

        Assert.Equal(1.0, MultiValueRagMetrics.SetExactMatch(gold, ["kanden kadhalai", "hour of star", "Magic Pipe."]));
        Assert.Equal(0.0, MultiValueRagMetrics.SetExactMatch(gold, ["Magic Pipe", "Hour of the Star"]));
        Assert.Equal(2.0 / 3, MultiValueRagMetrics.Coverage(gold, ["Magic Pipe", "Hour of the Star", "Other"]), 10);
    }

    [Fact]
    public void Subspan_em_needs_a_one_to_one_pairing_of_gold_and_predictions()
    {
        // "Star" is inside both gold answers but can serve only one of them.
        Assert.Equal(0.0, MultiValueRagMetrics.SubspanExactMatch(["Hour of the Star", "Star Wars"], ["Star"]));
        Assert.Equal(1.0, MultiValueRagMetrics.SubspanExactMatch(["Hour of the Star", "Star Wars"], ["star", "The Star Wars saga"]));
        // The greedy choice (first prediction to first gold) fails; the matching must reassign.
        Assert.Equal(1.0, MultiValueRagMetrics.SubspanExactMatch(["star wars", "star"], ["star", "star wars episode iv"]));
    }

    [Fact]
    public void The_metric_scores_an_empty_prediction_zero()
    {
        var query = new Query("q", "?", ["a", "b"], []);

        Assert.All(new MultiValueRagMetric().Score(query, []).Values, v => Assert.Equal(0.0, v));
        Assert.Equal(1.0, new MultiValueRagMetric().Score(query, ["b", "a"])["em"]);
    }
}

public sealed class SqlMetricsTests
{
    [Fact]
    public void Rows_match_as_sets_with_numbers_rounded_to_two_decimals_and_strings_lower_cased()
    {
        string[][] gold = [["New York", "8336817"], ["Chicago", "2.5"]];

        Assert.Equal(1.0, SqlMetrics.ExecutionAccuracy(gold, [["2.500", "chicago"], ["8336817.0", " new york "]]));
        Assert.Equal(0.0, SqlMetrics.ExecutionAccuracy(gold, [["new york", "8336817"]])); // row counts differ
        Assert.Equal(0.0, SqlMetrics.ExecutionAccuracy(gold, [["new york", "8336817"], ["chicago", "2.51"]]));
        Assert.Equal(["8336817.00", "new york"], SqlMetrics.Normalize([["8336817", "New York", "  "]])[0].Order());
    }
}

public sealed class RulerMetricsTests
{
    [Fact]
    public void String_match_all_is_the_share_of_references_found_and_part_is_any()
    {
        string[] references = ["7214", "9931", "1002"];

        Assert.Equal(2.0 / 3, RulerMetrics.StringMatchAll("The numbers are 7214 and 9931.", references), 10);
        Assert.Equal(1.0, RulerMetrics.StringMatchPart("The numbers are 7214 and 9931.", references));
        Assert.Equal(0.0, RulerMetrics.StringMatchPart(string.Empty, references));
        Assert.Equal(1.0, RulerMetrics.StringMatchAll("MAGIC WORD", ["magic word"]));
    }
}

public sealed class HelmetMetricsTests
{
    [Theory]
    [InlineData("Let me think.\nAnswer: Glenn Close\n", "Glenn Close")]
    [InlineData("answer:Spain", "Spain")]
    [InlineData("no prefix here", "no prefix here")]
    public void Parses_the_answer_after_the_last_answer_prefix(string output, string expected)
        => Assert.Equal(expected, HelmetMetrics.ParseAnswer(output));

    [Fact]
    public void Substring_em_takes_the_better_of_raw_and_parsed_output()
    {
        Assert.Equal(1.0, HelmetMetrics.SubstringExactMatch("The actress was Glenn Close.\nAnswer: Close", ["Glenn Close"])); // raw wins
        Assert.Equal(0.0, HelmetMetrics.SubstringExactMatch("Answer: Meryl Streep", ["Glenn Close"]));
        Assert.Equal(0.0, HelmetMetrics.SubstringExactMatch(string.Empty, ["Glenn Close"]));
    }

    [Fact]
    public void Parses_rankings_and_scores_them_with_ndcg_at_10()
    {
        var ranking = HelmetMetrics.ParseRanking("Thoughts...\nRanking: ID3 > ID1 > [ID7] > ID3 > ID2");
        var labels = new Dictionary<string, double> { ["ID1"] = 3, ["ID2"] = 1, ["ID3"] = 0 };

        Assert.Equal(["ID3", "ID1", "ID7", "ID2"], ranking);
        var expected = ((3 / Math.Log2(3)) + (1 / Math.Log2(5))) / (3 + (1 / Math.Log2(3)));
        Assert.Equal(expected, HelmetMetrics.RerankNdcgAt10("Ranking: ID3 > ID1 > ID7 > ID2", labels), 10);
    }

    [Theory]
    [InlineData("label: location", "location", 1.0)]
    [InlineData("The intent is\nlabel: Card_Arrival\n", "card_arrival", 1.0)]
    [InlineData("label: entity", "location", 0.0)]
    public void Icl_accuracy_compares_the_parsed_label(string output, string gold, double expected)
        => Assert.Equal(expected, HelmetMetrics.LabelAccuracy(output, gold));
}

public sealed class CitationMetricsTests
{
    private static readonly string[] Passages =
    [
        "The Mississippi River flows south to the Gulf of Mexico.",
        "The Missouri River is the longest river in North America.",
        "Chicago lies on the shore of Lake Michigan.",
    ];

    [Fact]
    public async Task Recall_counts_supported_sentences_and_precision_drops_irrelevant_citations()
    {
        var metrics = new CitationMetrics(new LexicalSupportJudge());
        // Sentence 1 is supported by [1]; [3] is irrelevant (alone it does not support, and [1] without it does).
        // Sentence 2 is supported by [2]. Sentence 3 has no citation.
        const string answer = "The Mississippi River flows south to the Gulf of Mexico [1][3]. The Missouri River is the longest river in North America [2]. Rivers are wet.";

        var (recall, precision) = await metrics.ScoreAsync(answer, Passages);

        Assert.Equal(2.0 / 3, recall, 10);
        Assert.Equal(2.0 / 3, precision, 10);
        Assert.Equal("lexical-support", metrics.JudgeName);
    }

    [Fact]
    public async Task An_answer_without_citations_scores_zero()
        => Assert.Equal((0.0, 0.0), await new CitationMetrics(new LexicalSupportJudge()).ScoreAsync("Chicago lies on Lake Michigan.", Passages));
}

public sealed class NormalizationEdgeCaseTests
{
    [Theory]
    [InlineData("An apple a day", "apple day")]
    [InlineData("the", "")]
    [InlineData("  ¡Hola,  señor!  ", "¡hola senor")] // ¡ is not ASCII punctuation; ñ decomposes to n + combining tilde
    [InlineData("", "")]
    [InlineData("Theatre-goers' \"choice\"", "theatregoers choice")]
    public void Normalization_handles_articles_punctuation_unicode_and_empty_text(string text, string expected)
        => Assert.Equal(expected, new string(AnswerNormalizer.Normalize(text).Where(c => c < 0x300 || c > 0x36F).ToArray()));

    [Fact]
    public void Empty_predictions_and_empty_gold_behave_like_squad()
    {
        Assert.Equal(0.0, RagMetrics.F1(["Spain"], string.Empty));
        Assert.Equal(1.0, RagMetrics.ExactMatch(["The"], "a")); // both normalise to the empty answer
        Assert.Equal(0.0, RagMetrics.ExactMatch(["Spain"], string.Empty));
    }

    [Fact]
    public void Ties_in_a_ranking_keep_the_predicted_order()
    {
        // Two gold documents of equal gain; predicted order among them does not change nDCG.
        var gains = new Dictionary<string, double> { ["a"] = 1, ["b"] = 1 };

        Assert.Equal(RetrievalMetrics.NdcgAtK(gains, ["a", "b"], 10), RetrievalMetrics.NdcgAtK(gains, ["b", "a"], 10));
        Assert.Equal(1.0, RetrievalMetrics.RecallAtK(["a", "b"], ["b", "a", "c"], 2));
    }
}

public sealed class RecallMetricTests
{
    [Fact]
    public void Scores_the_share_of_planted_values_in_the_answer()
    {
        var query = new Query("n1", "What are the special magic numbers for x?", ["1234567", "7654321"], ["hay0001"]);

        var scores = new RecallMetric().Score(query, ["1234567", "9999999"]);

        Assert.Equal((0.5, 1.0), (scores["string_match_all"], scores["string_match_part"]));
        Assert.Equal(0.0, new RecallMetric().Score(query, null)["string_match_part"]);
    }
}
