using LoftCompare.Corpora.Tasks;
using LoftCompare.Pipelines.Prompts;

namespace LoftCompare.Pipelines.Kinds.BuiltIn;

/// <summary>LOFT retrieval: find the documents that answer the query. RAG answers with the retriever's own ranking; the extractive reader ranks by similarity.</summary>
public static class RetrievalKind
{
    public static TaskKindProfile Profile { get; } = new(
        TaskKind.Retrieval,
        new LoftKindPrompt(
            "You are given a list of documents. Read every one of them carefully. Then you are given a query; find all documents in the list that help answer it, and print the ID and TITLE of each.",
            "End with the IDs as a list, in this format:\nFinal Answer: [id1, id2, ...]\nWith a single ID, write:\nFinal Answer: [id1]\nIf no document fits perfectly, give the closest one; never give an empty list.",
            "Which document is most relevant to the query? Print the ID and TITLE of the document, then format the IDs into a list.",
            example => LoftPromptFormat.FormatList(example.GoldDocIds, quote: false))
        {
            AfterQuery = "The following documents can help answer the query:",
            MayDecline = false,
        })
    {
        Rag = RagStep.RetrieverAnswers,
        Reader = ReaderSkill.Rank(5),
    };
}
