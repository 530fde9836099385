using System.Text;
using System.Text.RegularExpressions;
using LoftCompare.Corpora.Tasks;

namespace LoftCompare.Pipelines.Prompts;

/// <summary>
/// HELMET's prompts (Yen et al., 2024) with their answer prefixes: RAG as <c>Document (Title: …): …</c> passages and
/// <c>Answer:</c>; re-rank as <c>[ID: …] Document (Title: …): …</c> and <c>Ranking: ID3 &gt; ID1</c>; citation (ALCE) as
/// <c>Document [n](Title: …): …</c> with <c>[n]</c> citations; ICL as <c>{text}\nlabel: {label}</c> demonstrations; recall
/// (JSON KV, RULER) as the context then the question. Few-shot examples come before the context, the query last.
/// Retrieval and SQL have no HELMET prompt and use LOFT's. Instruction sentences are our own wording.
/// </summary>
public sealed partial class HelmetPromptFormat : IPromptFormat
{
    public const string FormatName = "helmet";

    /// <summary>Said when the reader may decline (Self-Route's first leg).</summary>
    public const string UnanswerableInstruction = "If the documents cannot answer it, write 'Answer: unanswerable'.";

    private readonly LoftPromptFormat loft = new();

    public string Name => FormatName;

    public LoftPrompt Build(TaskSet taskSet, IReadOnlyList<Document> documents, Query query, bool allowUnanswerable = false)
    {
        var text = new StringBuilder();
        switch (taskSet.Kind)
        {
            case TaskKind.Rag or TaskKind.MultiValueRag:
                text.Append("Answer the question from the documents, briefly. ");
                text.Append(allowUnanswerable ? UnanswerableInstruction + " " : string.Empty);
                text.AppendLine("Write your answer in this format:\nAnswer: [answer]").AppendLine();
                foreach (var example in taskSet.FewShot)
                {
                    AppendPassages(text, Gold(taskSet, example), d => $"Document (Title: {d.Title}): ");
                    text.Append("Question: ").AppendLine(Line(example.Text)).Append("Answer: ").AppendLine(string.Join(", ", example.Answers.Take(taskSet.Kind == TaskKind.MultiValueRag ? int.MaxValue : 1))).AppendLine();
                }

                AppendPassages(text, documents, d => $"Document (Title: {d.Title}): ");
                text.Append("Question: ").AppendLine(Line(query.Text)).Append("Answer:");
                break;
            case TaskKind.Rerank:
                text.AppendLine("You are given documents, each with an ID. Rank all of them by how relevant each is to the query, most relevant first, and write the ranking with their IDs in this format:\nRanking: ID3 > ID1 > ID2").AppendLine();
                foreach (var example in taskSet.FewShot)
                {
                    AppendPassages(text, Gold(taskSet, example), d => $"[ID: {d.Id}] Document (Title: {d.Title}): ");
                    text.Append("Query: ").AppendLine(Line(example.Text)).Append("Ranking: ").AppendLine(string.Join(" > ", example.GoldDocIds.OrderByDescending(example.GainOf))).AppendLine();
                }

                AppendPassages(text, documents, d => $"[ID: {d.Id}] Document (Title: {d.Title}): ");
                text.Append("Query: ").AppendLine(Line(query.Text)).Append("Ranking:");
                break;
            case TaskKind.Citation:
                text.AppendLine("Write an accurate and concise answer to the question using only the search results below, some of which may be irrelevant, and cite them: put the number of each supporting result in square brackets after the claim it supports, e.g. [1][2]. Cite at least one and at most three results per sentence.").AppendLine();
                // ALCE puts the question before the results; here it comes after them, like every other prompt, so that a
                // server's prefix cache can reuse the results across questions.
                var number = 1;
                AppendPassages(text, documents, d => $"Document [{number++}](Title: {d.Title}): ");
                text.Append("Question: ").AppendLine(Line(query.Text)).Append("Answer:");
                break;
            case TaskKind.Icl:
                text.AppendLine("Use the examples below, which map texts to labels, to label the last text. Only output \"label: {label}\" and nothing else.").AppendLine();
                text.AppendJoin("\n\n", documents.Select(d => $"{LoftPromptFormat.IclInput(d.Text)}\nlabel: {d.Title}")).AppendLine().AppendLine();
                text.AppendLine(LoftPromptFormat.IclInput(query.Text)).Append("label:");
                break;
            case TaskKind.Recall:
                text.AppendJoin("\n", documents.Select(d => d.Text)).AppendLine().AppendLine();
                text.AppendLine(Line(query.Text)).Append("Answer:");
                break;
            default:
                return loft.Build(taskSet, documents, query, allowUnanswerable);
        }

        return new LoftPrompt(text.ToString(), documents.Select(d => d.Id).ToList());
    }

    public IReadOnlyList<string>? Parse(TaskKind kind, string output, LoftPrompt? prompt = null) => kind switch
    {
        TaskKind.Rag => [HelmetOutputParser.ParseAnswer(output)],
        TaskKind.MultiValueRag => HelmetOutputParser.ParseAnswer(output).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
        TaskKind.Rerank => HelmetOutputParser.ParseRanking(output),
        TaskKind.Icl => [HelmetOutputParser.ParseLabel(output)],
        TaskKind.Citation => [CitationsAsIds(HelmetOutputParser.ParseAnswerBlock(output), prompt?.DocumentIds ?? [])],
        TaskKind.Recall => [output.Trim()], // substring metrics read the whole output, as HELMET and RULER do
        _ => loft.Parse(kind, output, prompt),
    };

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
