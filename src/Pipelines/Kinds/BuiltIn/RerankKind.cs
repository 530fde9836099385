using LoftCompare.Corpora.Tasks;
using LoftCompare.Pipelines.Prompts;

namespace LoftCompare.Pipelines.Kinds.BuiltIn;

/// <summary>HELMET re-rank: order the candidates by relevance (<c>Ranking: ID3 &gt; ID1</c> in HELMET's layout).</summary>
public static class RerankKind
{
    public static TaskKindProfile Profile { get; } = new(
        TaskKind.Rerank,
        new LoftKindPrompt(
            "You are given a list of documents. Read every one of them carefully. Then you are given a query; order the documents by how relevant each is to the query, most relevant first.",
            "End with up to ten IDs, most relevant first, in this format:\nFinal Answer: [id3, id1, ...]",
            "Rank the documents above by their relevance to the query, then format the IDs into a list, most relevant first.",
            example => LoftPromptFormat.FormatList(example.GoldDocIds.OrderByDescending(example.GainOf).ToList(), quote: false))
        {
            MayDecline = false,
        })
    {
        Formats = new Dictionary<string, KindPrompt> { [HelmetPromptFormat.FormatName] = HelmetPromptFormat.Rerank },
        Reader = ReaderSkill.Rank(10),
    };
}
