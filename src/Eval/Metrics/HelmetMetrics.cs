using LoftCompare.Pipelines.Prompts;

namespace LoftCompare.Eval.Metrics;

/// <summary>
/// HELMET's scorers: substring exact match over gold answers with its <c>Answer:</c> parse (the better of the raw and
/// the parsed output counts), re-ranking parsed from <c>Ranking: ID3 &gt; ID1</c> into nDCG@10, and ICL labels parsed
/// from <c>label: X</c>.
/// </summary>
public static class HelmetMetrics
{
    /// <summary>The text after the last <c>Answer:</c>, to the end of its line; the whole output when there is none.</summary>
    public static string ParseAnswer(string output) => HelmetOutputParser.ParseAnswer(output);

    /// <summary>SubEM as HELMET scores RAG and JSON KV: max over (raw output, parsed answer) of "some normalised gold occurs in it".</summary>
    public static double SubstringExactMatch(string output, IReadOnlyList<string> gold)
        => Math.Max(RagMetrics.SubspanExactMatch(gold, output), RagMetrics.SubspanExactMatch(gold, ParseAnswer(output)));

    /// <summary>Document ids in ranked order from <c>Ranking: ID3 &gt; ID1 &gt; ...</c> (the last such line); duplicates keep their first place.</summary>
    public static IReadOnlyList<string> ParseRanking(string output) => HelmetOutputParser.ParseRanking(output);

    /// <summary>nDCG@10 of the parsed ranking against graded labels (document id → gain), trec_eval definition.</summary>
    public static double RerankNdcgAt10(string output, IReadOnlyDictionary<string, double> labels)
        => RetrievalMetrics.NdcgAtK(labels, ParseRanking(output), 10);

    /// <summary>The label after the last <c>label:</c>, to the end of its line; the first line of the output when there is none.</summary>
    public static string ParseLabel(string output) => HelmetOutputParser.ParseLabel(output);

    /// <summary>ICL accuracy: the parsed label equals the gold label after SQuAD normalisation.</summary>
    public static double LabelAccuracy(string output, string gold)
        => AnswerNormalizer.Normalize(ParseLabel(output)) == AnswerNormalizer.Normalize(gold) ? 1.0 : 0.0;
}
