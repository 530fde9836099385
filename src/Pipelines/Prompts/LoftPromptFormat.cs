using System.Text;
using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Pipelines.Prompts;

/// <summary>
/// LOFT's corpus-in-context prompt: instructions, then the corpus as
/// <c>ID: {pid} | TITLE: {title} | CONTENT: {text} | END ID: {pid}</c> lines, then few-shot examples
/// (<c>====== Example N ======</c>, each ending in <c>Final Answer: [...]</c>), then the query after
/// <c>====== Now let's start! ======</c>. Corpus first and query last, so a server's prefix cache can reuse the corpus.
/// The structure and markers follow LOFT's published prompts; the instruction sentences are our own wording.
/// </summary>
public sealed class LoftPromptFormat
{
    public const string Name = "loft";
    public const string FinalAnswerMarker = "Final Answer:";
    public const string QueryMarker = "query: ";

    /// <summary>The answer a model gives, when allowed, for a query the documents cannot answer (Self-Route).</summary>
    public const string Unanswerable = "unanswerable";

    /// <summary>The instruction that allows it, worded after the Self-Route paper (Li et al., 2024).</summary>
    public const string UnanswerableInstruction = "If the query cannot be answered from the documents provided, write Final Answer: ['unanswerable'].";

    /// <summary>Builds the prompt for <paramref name="query"/> over <paramref name="documents"/> (the whole corpus, or the retrieved ones), with the set's few-shot examples.</summary>
    public LoftPrompt Build(TaskSet taskSet, IReadOnlyList<Document> documents, Query query, bool allowUnanswerable = false)
    {
        var kind = taskSet.Kind;
        var fewShot = taskSet.FewShot;
        var text = new StringBuilder();
        text.AppendLine(Instruction(kind)).AppendLine(FormattingInstruction(kind));
        if (allowUnanswerable)
        {
            text.AppendLine(UnanswerableInstruction);
        }

        text.AppendLine();
        foreach (var document in documents)
        {
            AppendDocument(text, document);
        }

        text.AppendLine();
        var titles = taskSet.Corpus.ToDictionary(d => d.Id, d => d.Title, StringComparer.Ordinal);
        for (var i = 0; i < fewShot.Count; i++)
        {
            text.Append("====== Example ").Append(i + 1).AppendLine(" ======");
            text.AppendLine(QueryFormat(kind, fewShot[i].Text));
            foreach (var id in fewShot[i].GoldDocIds)
            {
                text.Append("ID: ").Append(id).Append(" | TITLE: ").AppendLine(titles.GetValueOrDefault(id, string.Empty));
            }

            text.Append(FinalAnswerMarker).Append(' ').AppendLine(FormatList(kind == TaskKind.Retrieval ? fewShot[i].GoldDocIds : fewShot[i].Answers.Take(1).ToList(), quote: kind != TaskKind.Retrieval));
            text.AppendLine();
        }

        text.AppendLine("====== Now let's start! ======");
        text.Append(QueryFormat(kind, query.Text));
        return new LoftPrompt(text.ToString(), documents.Select(d => d.Id).ToList());
    }

    public static string FormatList(IReadOnlyList<string> items, bool quote)
        => "[" + string.Join(", ", items.Select(i => quote ? "'" + i.Replace("'", "\\'") + "'" : i)) + "]";

    private static void AppendDocument(StringBuilder text, Document document)
        => text.Append("ID: ").Append(document.Id)
            .Append(" | TITLE: ").Append(Flatten(document.Title))
            .Append(" | CONTENT: ").Append(Flatten(document.Text))
            .Append(" | END ID: ").AppendLine(document.Id);

    // One document per line keeps the corpus unambiguous to readers and parsers.
    private static string Flatten(string text) => text.ReplaceLineEndings(" ");

    private static string Instruction(TaskKind kind) => kind switch
    {
        TaskKind.Retrieval => "You are given a list of documents. Read every one of them carefully. Then you are given a query; find all documents in the list that help answer it, and print the ID and TITLE of each.",
        _ => "You are given a list of documents. Read every one of them carefully. Then you are given a query; answer it using the documents you have read.",
    };

    private static string FormattingInstruction(TaskKind kind) => kind switch
    {
        TaskKind.Retrieval => "End with the IDs as a list, in this format:\nFinal Answer: [id1, id2, ...]\nWith a single ID, write:\nFinal Answer: [id1]\nIf no document fits perfectly, give the closest one; never give an empty list.",
        _ => "End with the answers as a list, in this format:\nFinal Answer: ['answer1', 'answer2', ...]\nWith a single answer, write:\nFinal Answer: ['answer']",
    };

    private static string QueryFormat(TaskKind kind, string query) => kind switch
    {
        TaskKind.Retrieval => $"Which document is most relevant to the query? Print the ID and TITLE of the document, then format the IDs into a list.\n{QueryMarker}{Flatten(query)}\nThe following documents can help answer the query:",
        _ => $"Based on the documents above, answer the query. Print the ID and TITLE of the documents you use, then format the answers into a list.\n{QueryMarker}{Flatten(query)}",
    };
}
