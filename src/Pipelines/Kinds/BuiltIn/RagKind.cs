using LoftCompare.Corpora.Tasks;
using LoftCompare.Pipelines.Prompts;

namespace LoftCompare.Pipelines.Kinds.BuiltIn;

/// <summary>LOFT RAG: answer the query from the documents; HELMET has its own <c>Document (Title: …)</c> layout.</summary>
public static class RagKind
{
    /// <summary>The LOFT pieces RAG and multi-value RAG share; only the example answer differs.</summary>
    internal static LoftKindPrompt Loft(Func<Query, string> exampleAnswer) => new(
        "You are given a list of documents. Read every one of them carefully. Then you are given a query; answer it using the documents you have read.",
        "End with the answers as a list, in this format:\nFinal Answer: ['answer1', 'answer2', ...]\nWith a single answer, write:\nFinal Answer: ['answer']",
        "Based on the documents above, answer the query. Print the ID and TITLE of the documents you use, then format the answers into a list.",
        exampleAnswer);

    public static TaskKindProfile Profile { get; } = new(TaskKind.Rag, Loft(example => LoftPromptFormat.FormatList(example.Answers.Take(1).ToList(), quote: true)))
    {
        Formats = new Dictionary<string, KindPrompt> { [HelmetPromptFormat.FormatName] = HelmetPromptFormat.Rag(multiValue: false) },
        Reader = ReaderSkill.Extract,
    };
}
