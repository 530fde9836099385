using System.Text;
using System.Text.RegularExpressions;
using LoftCompare.Corpora.Tasks;
using LoftCompare.Pipelines.Kinds;

namespace LoftCompare.Pipelines.Prompts;

/// <summary>
/// HELMET's prompts (Yen et al., 2024) with their answer prefixes: RAG as <c>Document (Title: …): …</c> passages and
/// <c>Answer:</c>; re-rank as <c>[ID: …] Document (Title: …): …</c> and <c>Ranking: ID3 &gt; ID1</c>; citation (ALCE) as
/// <c>Document [n](Title: …): …</c> with <c>[n]</c> citations; ICL as <c>{text}\nlabel: {label}</c> demonstrations; recall
/// (JSON KV, RULER) as the context then the question. Few-shot examples come before the context, the query last.
/// Each layout is a <see cref="KindPrompt"/> the kind's profile names; a kind without one (retrieval, SQL) uses LOFT's.
/// Instruction sentences are our own wording.
/// </summary>
public sealed partial class HelmetPromptFormat : IPromptFormat
{
    public const string FormatName = "helmet";

    /// <summary>Said when the reader may decline (Self-Route's first leg).</summary>
    public const string UnanswerableInstruction = "If the documents cannot answer it, write 'Answer: unanswerable'.";

    private readonly KindLayoutFormat layouts;

    /// <param name="kinds">The kinds this format can prompt: the catalog's, plug-in kinds included. A kind without a HELMET layout in its profile gets LOFT's.</param>
    public HelmetPromptFormat(TaskKindProfiles kinds) => layouts = new KindLayoutFormat(FormatName, kinds);

    public string Name => FormatName;

    public LoftPrompt Build(TaskSet taskSet, IReadOnlyList<Document> documents, Query query, bool allowUnanswerable = false)
        => layouts.Build(taskSet, documents, query, allowUnanswerable);

    public IReadOnlyList<string>? Parse(TaskKind kind, string output, LoftPrompt? prompt = null) => layouts.Parse(kind, output, prompt);

    /// <summary>RAG as <c>Document (Title: …): …</c> passages, <c>Question:</c> and <c>Answer:</c>; a multi-value answer is comma-separated.</summary>
    public static KindPrompt Rag(bool multiValue) => new(
        (taskSet, documents, query, allowUnanswerable) =>
        {
            var text = new StringBuilder();
            text.Append("Answer the question from the documents, briefly. ");
            text.Append(allowUnanswerable ? UnanswerableInstruction + " " : string.Empty);
            text.AppendLine("Write your answer in this format:\nAnswer: [answer]").AppendLine();
            foreach (var example in taskSet.FewShot)
            {
                AppendPassages(text, Gold(taskSet, example), d => $"Document (Title: {d.Title}): ");
                text.Append("Question: ").AppendLine(Line(example.Text)).Append("Answer: ").AppendLine(string.Join(", ", example.Answers.Take(multiValue ? int.MaxValue : 1))).AppendLine();
            }

            AppendPassages(text, documents, d => $"Document (Title: {d.Title}): ");
            text.Append("Question: ").AppendLine(Line(query.Text)).Append("Answer:");
            return text.ToString();
        },
        multiValue
            ? (output, _) => HelmetOutputParser.ParseAnswer(output).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            : (output, _) => [HelmetOutputParser.ParseAnswer(output)]);

    /// <summary>Re-rank as <c>[ID: …] Document (Title: …): …</c> and <c>Ranking: ID3 &gt; ID1</c>.</summary>
    public static KindPrompt Rerank { get; } = new(
        (taskSet, documents, query, _) =>
        {
            var text = new StringBuilder();
            text.AppendLine("You are given documents, each with an ID. Rank all of them by how relevant each is to the query, most relevant first, and write the ranking with their IDs in this format:\nRanking: ID3 > ID1 > ID2").AppendLine();
            foreach (var example in taskSet.FewShot)
            {
                AppendPassages(text, Gold(taskSet, example), d => $"[ID: {d.Id}] Document (Title: {d.Title}): ");
                text.Append("Query: ").AppendLine(Line(example.Text)).Append("Ranking: ").AppendLine(string.Join(" > ", example.GoldDocIds.OrderByDescending(example.GainOf))).AppendLine();
            }

            AppendPassages(text, documents, d => $"[ID: {d.Id}] Document (Title: {d.Title}): ");
            text.Append("Query: ").AppendLine(Line(query.Text)).Append("Ranking:");
            return text.ToString();
        },
        (output, _) => HelmetOutputParser.ParseRanking(output));

    /// <summary>ALCE citation as <c>Document [n](Title: …): …</c>; <c>[n]</c> citations are read back as document ids.</summary>
    public static KindPrompt Citation { get; } = new(
        (_, documents, query, _) =>
        {
            var text = new StringBuilder();
            text.AppendLine("Write an accurate and concise answer to the question using only the search results below, some of which may be irrelevant, and cite them: put the number of each supporting result in square brackets after the claim it supports, e.g. [1][2]. Cite at least one and at most three results per sentence.").AppendLine();
            // ALCE puts the question before the results; here it comes after them, like every other prompt, so that a
            // server's prefix cache can reuse the results across questions.
            var number = 1;
            AppendPassages(text, documents, d => $"Document [{number++}](Title: {d.Title}): ");
            text.Append("Question: ").AppendLine(Line(query.Text)).Append("Answer:");
            return text.ToString();
        },
        (output, prompt) => [CitationsAsIds(HelmetOutputParser.ParseAnswerBlock(output), prompt?.DocumentIds ?? [])]);

    /// <summary>Many-shot ICL as <c>{text}\nlabel: {label}</c> demonstrations, then the text and <c>label:</c>.</summary>
    public static KindPrompt Icl { get; } = new(
        (_, documents, query, _) =>
        {
            var text = new StringBuilder();
            text.AppendLine("Use the examples below, which map texts to labels, to label the last text. Only output \"label: {label}\" and nothing else.").AppendLine();
            text.AppendJoin("\n\n", documents.Select(d => $"{LoftPromptFormat.IclInput(d.Text)}\nlabel: {d.Title}")).AppendLine().AppendLine();
            text.AppendLine(LoftPromptFormat.IclInput(query.Text)).Append("label:");
            return text.ToString();
        },
        (output, _) => [HelmetOutputParser.ParseLabel(output)]);

    /// <summary>Recall (JSON KV) as the context then the question; the whole output is scored, as HELMET and RULER do.</summary>
    public static KindPrompt Recall { get; } = new(
        (_, documents, query, _) =>
        {
            var text = new StringBuilder();
            text.AppendJoin("\n", documents.Select(d => d.Text)).AppendLine().AppendLine();
            text.AppendLine(Line(query.Text)).Append("Answer:");
            return text.ToString();
        },
        (output, _) => [output.Trim()]);

    /// <summary>ALCE cites results by number; the metrics read document ids, so <c>[n]</c> becomes <c>[id of the n-th result]</c>.</summary>
    public static string CitationsAsIds(string answer, IReadOnlyList<string> shownIds)
        => NumberedCitation().Replace(answer, m => int.Parse(m.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture) is var n && n >= 1 && n <= shownIds.Count ? $"[{shownIds[n - 1]}]" : m.Value);

    private static IReadOnlyList<Document> Gold(TaskSet taskSet, Query example)
    {
        var byId = taskSet.Corpus.ToDictionary(d => d.Id, StringComparer.Ordinal);
        return example.GoldDocIds.Where(byId.ContainsKey).Select(id => byId[id]).ToList();
    }

    private static void AppendPassages(StringBuilder text, IReadOnlyList<Document> documents, Func<Document, string> header)
    {
        foreach (var document in documents)
        {
            text.Append(header(document)).AppendLine(Line(document.Text)).AppendLine();
        }
    }

    private static string Line(string text) => text.ReplaceLineEndings(" ");

    [GeneratedRegex(@"\[(?<n>\d{1,4})\]")]
    private static partial Regex NumberedCitation();
}
