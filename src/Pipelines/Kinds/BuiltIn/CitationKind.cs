using LoftCompare.Corpora.Tasks;
using LoftCompare.Pipelines.Prompts;

namespace LoftCompare.Pipelines.Kinds.BuiltIn;

/// <summary>HELMET/ALCE citation: answer and cite the supporting documents (<c>[id]</c> in LOFT's layout, <c>[n]</c> in HELMET's).</summary>
public static class CitationKind
{
    public static TaskKindProfile Profile { get; } = new(
        TaskKind.Citation,
        new LoftKindPrompt(
            "You are given a list of documents. Read every one of them carefully. Then you are given a query; answer it using the documents, and cite every document that supports your answer.",
            "Write the answer as one sentence and put the ID of each supporting document in square brackets after it, then end in this format:\nFinal Answer: ['your sentence [id1][id2]']",
            "Based on the documents above, answer the query in one sentence and cite the IDs of the documents that support it.",
            example => LoftPromptFormat.FormatList([$"{example.Answers.FirstOrDefault()} {string.Concat(example.GoldDocIds.Select(id => $"[{id}]"))}"], quote: true)))
    {
        Formats = new Dictionary<string, KindPrompt> { [HelmetPromptFormat.FormatName] = HelmetPromptFormat.Citation },
        Reader = ReaderSkill.ExtractAndCite,
    };
}
