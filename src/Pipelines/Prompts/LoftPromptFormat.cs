using System.Text;
using LoftCompare.Corpora.Tasks;
using LoftCompare.Pipelines.Kinds;

namespace LoftCompare.Pipelines.Prompts;

/// <summary>
/// LOFT's corpus-in-context prompt: instructions, then the corpus, then few-shot examples
/// (<c>====== Example N ======</c>), then the query after <c>====== Now let's start! ======</c>. Documents are
/// <c>ID: {pid} | TITLE: {title} | CONTENT: {text} | END ID: {pid}</c> lines; SQL tables are
/// <c>Table: {name}</c> blocks of CSV; many-shot ICL demonstrations are <c>{input}\nOutput: {target}</c> blocks.
/// Answers end in <c>Final Answer: [...]</c> (ICL: <c>Output: [...]</c>). The structure and markers follow LOFT's
/// published prompts; the instruction sentences are our own wording. What differs by kind (instructions, the question
/// line, example answers, layout, answer marker) is the kind's <see cref="LoftKindPrompt"/>, from its profile.
/// </summary>
/// <param name="kinds">The kinds this format can prompt: the catalog's, plug-in kinds included.</param>
public sealed class LoftPromptFormat(TaskKindProfiles kinds) : IPromptFormat
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
        var pieces = kinds[taskSet.Kind].Loft;
        var text = new StringBuilder();
        text.AppendLine(pieces.Instruction).AppendLine(pieces.FormattingInstruction);
        if (allowUnanswerable && pieces.MayDecline)
        {
            text.AppendLine(UnanswerableInstruction);
        }

        text.AppendLine();
        switch (pieces.Layout)
        {
            case LoftLayout.Tables:
                AppendSql(text, pieces, taskSet, documents, query);
                break;
            case LoftLayout.Demonstrations:
                AppendIcl(text, documents, query);
                break;
            default:
                AppendCorpusTask(text, pieces, taskSet, documents, query);
                break;
        }

        return new LoftPrompt(text.ToString(), documents.Select(d => d.Id).ToList());
    }

    public IReadOnlyList<string>? Parse(TaskKind kind, string output, LoftPrompt? prompt = null)
        => FinalAnswerParser.Parse(output, kinds[kind].Loft.AnswerMarker);

    public static string FormatList(IReadOnlyList<string> items, bool quote)
        => "[" + string.Join(", ", items.Select(i => quote ? "'" + i.Replace("'", "\\'") + "'" : i)) + "]";

    /// <summary>SQL rows as LOFT writes them: <c>[["a", 1], ["b", 2]]</c>, numbers bare.</summary>
    public static string FormatRows(IReadOnlyList<IReadOnlyList<string>> rows)
        => "[" + string.Join(", ", rows.Select(r => "[" + string.Join(", ", r.Select(Cell)) + "]")) + "]";

    private static string Cell(string cell)
        => double.TryParse(cell, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _) ? cell : System.Text.Json.JsonSerializer.Serialize(cell);

    /// <summary>Retrieval, RAG, re-rank, citation and recall: ID lines, then few-shot examples, then the query.</summary>
    private static void AppendCorpusTask(StringBuilder text, LoftKindPrompt pieces, TaskSet taskSet, IReadOnlyList<Document> documents, Query query)
    {
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
            text.AppendLine(QueryText(pieces, example.Text));
            foreach (var id in example.GoldDocIds)
            {
                text.Append("ID: ").Append(id).Append(" | TITLE: ").AppendLine(titles.GetValueOrDefault(id, string.Empty));
            }

            text.Append(FinalAnswerMarker).Append(' ').AppendLine(pieces.ExampleAnswer(example));
            text.AppendLine();
        }

        text.AppendLine(StartMarker);
        text.Append(QueryText(pieces, query.Text));
    }

    /// <summary>The instruction block a LOFT prompt opens with (instruction, answer format, Self-Route's permission to decline), for templates.</summary>
    public static string Instructions(LoftKindPrompt pieces, bool allowUnanswerable)
        => pieces.Instruction + "\n" + pieces.FormattingInstruction + (allowUnanswerable && pieces.MayDecline ? "\n" + UnanswerableInstruction : string.Empty);

    /// <summary>The query as LOFT asks it for the kind (the question line, <c>query: …</c>, and any line after it), for templates.</summary>
    public static string QueryText(LoftKindPrompt pieces, string query)
        => $"{pieces.QuestionLine}\n{QueryMarker}{Flatten(query)}" + (pieces.AfterQuery is { } after ? "\n" + after : string.Empty);

    /// <summary>LOFT SQL (Spider): few-shot examples, then the tables as <c>Table: {name}</c> CSV blocks, then the query.</summary>
    private static void AppendSql(StringBuilder text, LoftKindPrompt pieces, TaskSet taskSet, IReadOnlyList<Document> tables, Query query)
    {
        for (var i = 0; i < taskSet.FewShot.Count; i++)
        {
            text.Append("====== Example ").Append(i + 1).AppendLine(" ======");
            text.Append("Query: ").AppendLine(taskSet.FewShot[i].Text);
            text.Append(FinalAnswerMarker).Append(' ').AppendLine(pieces.ExampleAnswer(taskSet.FewShot[i]));
            text.AppendLine();
        }

        text.AppendLine(StartMarker).AppendLine(pieces.QuestionLine).AppendLine("TABLES");
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
}
