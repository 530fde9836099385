using System.Text;
using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Pipelines.Prompts;

/// <summary>
/// LOFT's corpus-in-context prompt: instructions, then the corpus, then few-shot examples
/// (<c>====== Example N ======</c>), then the query after <c>====== Now let's start! ======</c>. Documents are
/// <c>ID: {pid} | TITLE: {title} | CONTENT: {text} | END ID: {pid}</c> lines; SQL tables are
/// <c>Table: {name}</c> blocks of CSV; many-shot ICL demonstrations are <c>{input}\nOutput: {target}</c> blocks.
/// Answers end in <c>Final Answer: [...]</c> (ICL: <c>Output: [...]</c>). The structure and markers follow LOFT's
/// published prompts; the instruction sentences are our own wording.
/// </summary>
public sealed class LoftPromptFormat : IPromptFormat
{
    public const string FormatName = "loft";
    public const string FinalAnswerMarker = "Final Answer:";
    public const string IclAnswerMarker = "Output:";
    public const string QueryMarker = "query: ";
    public const string StartMarker = "====== Now let's start! ======";

    /// <summary>The answer a model gives, when allowed, for a query the documents cannot answer (Self-Route).</summary>
    public const string Unanswerable = "unanswerable";

    /// <summary>The instruction that allows it, worded after the Self-Route paper (Li et al., 2024).</summary>
    public const string UnanswerableInstruction = "If the query cannot be answered from the documents provided, write Final Answer: ['unanswerable'].";

    public string Name => FormatName;

    /// <summary>Builds the prompt for <paramref name="query"/> over <paramref name="documents"/> (the whole corpus, or the retrieved ones), with the set's few-shot examples.</summary>
    public LoftPrompt Build(TaskSet taskSet, IReadOnlyList<Document> documents, Query query, bool allowUnanswerable = false)
    {
        var kind = taskSet.Kind;
        var text = new StringBuilder();
        text.AppendLine(Instruction(kind)).AppendLine(FormattingInstruction(kind));
        if (allowUnanswerable && kind is not (TaskKind.Retrieval or TaskKind.Rerank or TaskKind.Icl))
        {
            text.AppendLine(UnanswerableInstruction);
        }

        text.AppendLine();
        switch (kind)
        {
            case TaskKind.Sql:
                AppendSql(text, taskSet, documents, query);
                break;
            case TaskKind.Icl:
                AppendIcl(text, documents, query);
                break;
            default:
                AppendCorpusTask(text, taskSet, documents, query);
                break;
        }

        return new LoftPrompt(text.ToString(), documents.Select(d => d.Id).ToList());
    }

    public IReadOnlyList<string>? Parse(TaskKind kind, string output, LoftPrompt? prompt = null)
        => FinalAnswerParser.Parse(output, kind == TaskKind.Icl ? IclAnswerMarker : FinalAnswerMarker);

    public static string FormatList(IReadOnlyList<string> items, bool quote)
        => "[" + string.Join(", ", items.Select(i => quote ? "'" + i.Replace("'", "\\'") + "'" : i)) + "]";

    /// <summary>SQL rows as LOFT writes them: <c>[["a", 1], ["b", 2]]</c>, numbers bare.</summary>
    public static string FormatRows(IReadOnlyList<IReadOnlyList<string>> rows)
        => "[" + string.Join(", ", rows.Select(r => "[" + string.Join(", ", r.Select(Cell)) + "]")) + "]";

    private static string Cell(string cell)
        => double.TryParse(cell, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _) ? cell : System.Text.Json.JsonSerializer.Serialize(cell);

    /// <summary>Retrieval, RAG, re-rank, citation and recall: ID lines, then few-shot examples, then the query.</summary>
    private static void AppendCorpusTask(StringBuilder text, TaskSet taskSet, IReadOnlyList<Document> documents, Query query)
    {
        var kind = taskSet.Kind;
        foreach (var document in documents)
        {
            AppendDocument(text, document);
        }

        text.AppendLine();
        var titles = taskSet.Corpus.ToDictionary(d => d.Id, d => d.Title, StringComparer.Ordinal);
        for (var i = 0; i < taskSet.FewShot.Count; i++)
        {
            var example = taskSet.FewShot[i];
            text.Append("====== Example ").Append(i + 1).AppendLine(" ======");
            text.AppendLine(QueryFormat(kind, example.Text));
            foreach (var id in example.GoldDocIds)
            {
                text.Append("ID: ").Append(id).Append(" | TITLE: ").AppendLine(titles.GetValueOrDefault(id, string.Empty));
            }

            text.Append(FinalAnswerMarker).Append(' ').AppendLine(ExampleAnswer(kind, example));
            text.AppendLine();
        }

        text.AppendLine(StartMarker);
        text.Append(QueryFormat(kind, query.Text));
    }

    /// <summary>The instruction block a LOFT prompt opens with (instruction, answer format, Self-Route's permission to decline), for templates.</summary>
    public static string Instructions(TaskKind kind, bool allowUnanswerable)
        => Instruction(kind) + "\n" + FormattingInstruction(kind) + (allowUnanswerable && kind is not (TaskKind.Retrieval or TaskKind.Rerank or TaskKind.Icl) ? "\n" + UnanswerableInstruction : string.Empty);

    /// <summary>The query as LOFT asks it for the kind (the question line and <c>query: …</c>), for templates.</summary>
    public static string QueryText(TaskKind kind, string query) => QueryFormat(kind, query);

    /// <summary>A few-shot example's answer as LOFT writes it after <c>Final Answer:</c>.</summary>
    public static string ExampleAnswer(TaskKind kind, Query example) => kind switch
    {
        TaskKind.Retrieval => FormatList(example.GoldDocIds, quote: false),
        TaskKind.Rerank => FormatList(example.GoldDocIds.OrderByDescending(example.GainOf).ToList(), quote: false),
        TaskKind.Citation => FormatList([$"{example.Answers.FirstOrDefault()} {string.Concat(example.GoldDocIds.Select(id => $"[{id}]"))}"], quote: true),
        _ => FormatList(example.Answers.Take(kind == TaskKind.MultiValueRag ? int.MaxValue : 1).ToList(), quote: true),
    };

    /// <summary>LOFT SQL (Spider): few-shot examples, then the tables as <c>Table: {name}</c> CSV blocks, then the query.</summary>
    private static void AppendSql(StringBuilder text, TaskSet taskSet, IReadOnlyList<Document> tables, Query query)
    {
        const string Ask = "Given a query, find from the following tables all the information relevant to the query. Then answer the query. Then format the answer into a list of lists.";
        for (var i = 0; i < taskSet.FewShot.Count; i++)
        {
            text.Append("====== Example ").Append(i + 1).AppendLine(" ======");
            text.Append("Query: ").AppendLine(taskSet.FewShot[i].Text);
            text.Append(FinalAnswerMarker).Append(' ').AppendLine(FormatRows(taskSet.FewShot[i].Rows));
            text.AppendLine();
        }

        text.AppendLine(StartMarker).AppendLine(Ask).AppendLine("TABLES");
        foreach (var table in tables)
        {
            text.Append("Table: ").AppendLine(table.Title).AppendLine(table.Text.TrimEnd()).AppendLine();
        }

        text.Append("Query: ").AppendLine(Flatten(query.Text)).Append("Answer:");
    }

    /// <summary>LOFT many-shot ICL (BBH): each demonstration as <c>{input}\nOutput: {target}</c>, then the query's input and <c>Output:</c>.</summary>
    private static void AppendIcl(StringBuilder text, IReadOnlyList<Document> demonstrations, Query query)
    {
        foreach (var demonstration in demonstrations)
        {
            text.AppendLine(IclInput(demonstration.Text)).Append(IclAnswerMarker).Append(' ').AppendLine(demonstration.Title).AppendLine();
        }

        text.AppendLine(StartMarker);
        text.AppendLine(IclInput(query.Text)).Append(IclAnswerMarker);
    }

    /// <summary>An ICL input without blank lines, so that blank lines only separate demonstrations.</summary>
    public static string IclInput(string input)
        => string.Join('\n', input.ReplaceLineEndings("\n").Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0));

    private static void AppendDocument(StringBuilder text, Document document)
        => text.Append("ID: ").Append(document.Id)
            .Append(" | TITLE: ").Append(Flatten(document.Title))
            .Append(" | CONTENT: ").Append(Flatten(document.Text))
            .Append(" | END ID: ").AppendLine(document.Id);

    // One document per line keeps the corpus unambiguous to readers and parsers.
    internal static string Flatten(string text) => text.ReplaceLineEndings(" ");

    private static string Instruction(TaskKind kind) => kind switch
    {
        TaskKind.Retrieval => "You are given a list of documents. Read every one of them carefully. Then you are given a query; find all documents in the list that help answer it, and print the ID and TITLE of each.",
        TaskKind.Rerank => "You are given a list of documents. Read every one of them carefully. Then you are given a query; order the documents by how relevant each is to the query, most relevant first.",
        TaskKind.Citation => "You are given a list of documents. Read every one of them carefully. Then you are given a query; answer it using the documents, and cite every document that supports your answer.",
        TaskKind.Sql => "You are given a list of tables. Remember every row of each table. Then you are given a query; get the answer from the tables and write it as a list of lists, using the exact values that appear in the tables.",
        TaskKind.Icl => "Answer each of the following questions in the same format as the examples. Your final answer must always look like Output: ['your answer'].",
        _ => "You are given a list of documents. Read every one of them carefully. Then you are given a query; answer it using the documents you have read.",
    };

    private static string FormattingInstruction(TaskKind kind) => kind switch
    {
        TaskKind.Retrieval => "End with the IDs as a list, in this format:\nFinal Answer: [id1, id2, ...]\nWith a single ID, write:\nFinal Answer: [id1]\nIf no document fits perfectly, give the closest one; never give an empty list.",
        TaskKind.Rerank => "End with up to ten IDs, most relevant first, in this format:\nFinal Answer: [id3, id1, ...]",
        TaskKind.Citation => "Write the answer as one sentence and put the ID of each supporting document in square brackets after it, then end in this format:\nFinal Answer: ['your sentence [id1][id2]']",
        TaskKind.Sql => "End with the rows in this format:\nFinal Answer: [[\"value\", 1], [\"other value\", 2]]",
        TaskKind.Icl => string.Empty,
        _ => "End with the answers as a list, in this format:\nFinal Answer: ['answer1', 'answer2', ...]\nWith a single answer, write:\nFinal Answer: ['answer']",
    };

    private static string QueryFormat(TaskKind kind, string query) => kind switch
    {
        TaskKind.Retrieval => $"Which document is most relevant to the query? Print the ID and TITLE of the document, then format the IDs into a list.\n{QueryMarker}{Flatten(query)}\nThe following documents can help answer the query:",
        TaskKind.Rerank => $"Rank the documents above by their relevance to the query, then format the IDs into a list, most relevant first.\n{QueryMarker}{Flatten(query)}",
        TaskKind.Citation => $"Based on the documents above, answer the query in one sentence and cite the IDs of the documents that support it.\n{QueryMarker}{Flatten(query)}",
        _ => $"Based on the documents above, answer the query. Print the ID and TITLE of the documents you use, then format the answers into a list.\n{QueryMarker}{Flatten(query)}",
    };
}
